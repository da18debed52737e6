// Local civic topics, category, intent and flags (urgent, abusive, wants a person, wants the
// data deleted) from hand-written keyword lists in Tamil, English, Hindi and Telugu, native
// script and romanized. Pure functions, no I/O.

import { collapseRuns, stripNoise, type AnalyzerLanguage } from './language.ts';
import { analyzeSentiment, negatorOf, type SentimentResult } from './sentiment.ts';

export type Category = 'feedback' | 'complaint' | 'suggestion' | 'inquiry' | 'political';

export type TopicId =
  | 'water'
  | 'electricity'
  | 'roads'
  | 'drainage'
  | 'garbage'
  | 'health'
  | 'education'
  | 'jobs'
  | 'ration'
  | 'pension'
  | 'housing'
  | 'transport'
  | 'safety'
  | 'corruption'
  | 'agriculture'
  | 'prices';

export interface TopicResult {
  topics: string[];
  keywords: string[];
  issues: string[];
  category: Category;
  intent: string;
  urgent: boolean;
  abusive: boolean;
  wantsHuman: boolean;
  wantsDataDeletion: boolean;
}

// ---------------------------------------------------------------------------------------------
// Keyword matching. Entries: "word", "stem*" (prefix), "two_words" (consecutive tokens).

interface KeywordSet {
  exact: Set<string>;
  stems: Set<string>;
  minStem: number;
  maxStem: number;
  phrases: string[][];
}

function keywords(spec: string): KeywordSet {
  const set: KeywordSet = {
    exact: new Set(),
    stems: new Set(),
    minStem: Infinity,
    maxStem: 0,
    phrases: [],
  };
  for (const raw of spec.split(/\s+/)) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    if (item.includes('_')) set.phrases.push(item.split('_'));
    else if (item.endsWith('*')) {
      const stem = item.slice(0, -1);
      set.stems.add(stem);
      set.minStem = Math.min(set.minStem, stem.length);
      set.maxStem = Math.max(set.maxStem, stem.length);
    } else set.exact.add(item);
  }
  return set;
}

function tokenMatches(set: KeywordSet, tok: string): boolean {
  if (set.exact.has(tok)) return true;
  const c = collapseRuns(tok);
  if (c !== tok && set.exact.has(c)) return true;
  const max = Math.min(set.maxStem, tok.length);
  for (let len = set.minStem; len <= max; len++) if (set.stems.has(tok.slice(0, len))) return true;
  return false;
}

/** Surface forms from `tokens` that match the set (phrases joined with a space). */
function findAll(set: KeywordSet, tokens: string[]): string[] {
  const found: string[] = [];
  for (const tok of tokens) if (tokenMatches(set, tok)) found.push(tok);
  for (const phrase of set.phrases) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < phrase.length; k++) {
        const want = phrase[k] as string;
        const got = tokens[i + k] as string;
        if (want.endsWith('*') ? !got.startsWith(want.slice(0, -1)) : got !== want) {
          ok = false;
          break;
        }
      }
      if (ok) found.push(tokens.slice(i, i + phrase.length).join(' '));
    }
  }
  return found;
}

function has(set: KeywordSet, tokens: string[]): boolean {
  return findAll(set, tokens).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Topics

const TOPIC_SPECS: Record<TopicId, string> = {
  water: `water drinking_water tap taps pipeline pipe borewell bore tanker tankers watersupply
    paani jal nal handpump पानी जल नल पेयजल टंकी टैंकर हैंडपंप
    thanni thanneer kudineer kozhai tanni தண்ணீர்* தண்ணி* குடிநீர்* குழாய்* நீர் டேங்கர்*
    neellu neeru neeti manchineeru kulayi నీళ్ల* నీళ్లు నీరు నీటి* మంచినీ* కుళాయి* ట్యాంకర్*`,
  electricity: `electricity power_cut powercut power_supply current transformer streetlight
    streetlights street_light street_lights light_pole voltage electric eb tneb bijli bijlee
    बिजली करंट ट्रांसफार्मर स्ट्रीटलाइट लाइट minsaram karent karentu velicham
    மின்சார* மின் கரண்ட்* மின்வெட்டு* டிரான்ஸ்பார்மர்* தெருவிளக்கு* விளக்கு* vidyut
    విద్యుత్* కరెంట్* కరెంటు* ట్రాన్స్‌ఫార్మర్* వీధిదీప* లైట్*`,
  roads: `road roads pothole potholes street highway footpath bridge flyover speedbreaker
    sadak sadke sadkon gaddha gaddhe rasta raasta सड़क* सडक* गड्ढ* रास्त* पुल
    saalai salai roadu rodu kuzhi theru சாலை* ரோடு* குழி* தெரு* பாலம்*
    roddu rodlu rahadari gunta guntalu రోడ్డు* రోడ్* రహదారి* గుంత* వంతెన*`,
  drainage: `drainage drain drains sewage sewer gutter manhole overflow overflowing toilet
    toilets sanitation nali naali naala shauchalay नाली* नाला सीवर* गटर शौचालय* ड्रेनेज
    saakkadai sakkadai kazhivuneer சாக்கடை* கழிவுநீர்* வடிகால்* கழிப்பறை* கழிவறை* மேன்ஹோல்*
    murugu kaluva drainage మురుగు* డ్రైనేజీ* కాలువ* మరుగుదొడ్డి* మరుగుదొడ్ల*`,
  garbage: `garbage trash rubbish dustbin dump dumping litter cleaning sweeper waste_collection
    kachra kooda kuda gandagi safai कचरा* कूड़ा* कूड़े गंदगी सफाई*
    kuppai குப்பை* chetta_kuppa చెత్త* చెత్తకుండీ*`,
  health: `hospital hospitals doctor doctors medicine medicines clinic ambulance health fever
    dengue malaria covid vaccine vaccination nurse phc treatment aspatal aspataal davai dawai
    ilaj ilaaj अस्पताल* डॉक्टर* दवा* दवाई* इलाज* बीमार* एम्बुलेंस स्वास्थ्य*
    maruthuvamanai aaspathiri marundhu marunthu kaichal maruthuvar
    மருத்துவமனை* மருத்துவர்* மருந்து* காய்ச்சல்* ஆம்புலன்ஸ்* ஆஸ்பத்திரி* சுகாதார*
    aasupatri aaspatri mandulu jvaram jwaram vaidyudu
    ఆసుపత్రి* ఆస్పత్రి* వైద్య* డాక్టర్* మందు* జ్వర* అంబులెన్స్*`,
  education: `school schools college teacher teachers education exam exams fees scholarship
    student students admission vidyalaya shiksha padhai स्कूल* विद्यालय* शिक्षा* पढ़ाई शिक्षक* छात्र* परीक्षा*
    palli pallikoodam kalloori aasiriyar padippu thervu
    பள்ளி* கல்லூரி* ஆசிரியர்* படிப்பு* தேர்வு* மாணவ* கல்வி*
    badi pathasala kalasala chaduvu upadhyayulu pariksha
    బడి* పాఠశాల* కళాశాల* చదువు* ఉపాధ్యాయ* పరీక్ష* విద్యార్థ* విద్య*`,
  jobs: `job jobs employment unemployment unemployed salary wages wage nrega mgnrega
    naukri naukriyan rozgar berozgari नौकरी* रोजगार* रोज़गार* बेरोजगार* बेरोज़गार* वेतन मजदूरी
    velai velaivaippu sambalam வேலை* வேலைவாய்ப்பு* சம்பள* கூலி*
    udyogam udyogalu jeetham upadhi ఉద్యోగ* ఉపాధి* నిరుద్యోగ* జీతం* కూలి*`,
  ration: `ration ration_card pds fair_price_shop rice wheat kerosene rashan राशन* ration_shop
    resan resan_kadai ரேஷன்* ரேசன்* நியாயவிலை* அரிசி* biyyam రేషన్* బియ్యం*`,
  pension: `pension pensions old_age_pension widow_pension पेंशन* pension_nahi
    oivoothiyam ஓய்வூதிய* பென்ஷன்* pinchan pinchanu పింఛన్* పెన్షన్* పింఛను*`,
  housing: `housing house_scheme awas pmay patta houses flat flats shelter homeless
    आवास* मकान* awas_yojana
    veedu veetu_manai patta வீடு* வீட்டுமனை* பட்டா* குடியிருப்பு*
    illu indlu intlu ఇల్లు* ఇళ్ల* ఇంటి_స్థల* పట్టా*`,
  transport: `bus buses bus_stop bus_stand train trains metro auto transport ticket conductor
    बस* ट्रेन* परिवहन* बस_स्टैंड
    pettai perundhu பஸ்* பேருந்து* ரயில்* போக்குவரத்து*
    bassu బస్సు* బస్* రైలు* రవాణా*`,
  safety: `police theft thief thieves robbery crime harassment safety security murder fight
    violence chain_snatching eve_teasing drunkards goons stray_dogs
    chori chor pulis पुलिस* चोरी* अपराध* सुरक्षा* छेड़छाड़* गुंडा*
    thiruttu thirudan kavalthurai போலீஸ்* காவல்* திருட்டு* திருடன்* பாதுகாப்பு* குற்ற*
    donga dongatanam polisu పోలీస్* పోలీసు* దొంగ* భద్రత* నేర*`,
  corruption: `corruption corrupt bribe bribery scam kickback rishwat ghoos bhrashtachar ghotala
    रिश्वत* घूस भ्रष्टाचार* भ्रष्ट* घोटाल*
    lanjam oozhal லஞ்ச* ஊழல்* lancham avineethi లంచ* అవినీతి* కుంభకోణ*`,
  agriculture: `farmer farmers farming crop crops irrigation seeds fertilizer urea msp
    kisan kheti fasal sinchai किसान* खेती* फसल* खाद सिंचाई*
    vivasayi vivasayam payir uram vithai விவசாய* பயிர்* உரம்* விதை* நீர்ப்பாசன*
    raithu raithulu rythu rythulu panta sagu eruvu రైతు* పంట* వ్యవసాయ* ఎరువు* సాగు*`,
  prices: `price prices inflation expensive costly cylinder lpg petrol diesel mehngai mehangai
    mahangai daam keemat महंगाई* मंहगाई* दाम* कीमत* सिलेंडर*
    vilai vilaivaasi விலை* விலைவாசி* சிலிண்டர்* dhara dharalu ధర* ధరల* సిలిండర్*`,
};

const TOPIC_SETS = Object.fromEntries(
  Object.entries(TOPIC_SPECS).map(([id, spec]) => [id, keywords(spec)]),
) as Record<TopicId, KeywordSet>;

export const TOPIC_IDS = Object.keys(TOPIC_SPECS) as TopicId[];

/** Topic names for replies, in each language. */
export const TOPIC_LABELS: Record<TopicId, Record<AnalyzerLanguage, string>> = {
  water: { en: 'water supply', ta: 'குடிநீர்', hi: 'पानी की आपूर्ति', te: 'నీటి సరఫరా' },
  electricity: { en: 'electricity', ta: 'மின்சாரம்', hi: 'बिजली', te: 'విద్యుత్' },
  roads: { en: 'roads', ta: 'சாலை', hi: 'सड़क', te: 'రోడ్లు' },
  drainage: { en: 'drainage', ta: 'கழிவுநீர் வடிகால்', hi: 'नाली और सीवर', te: 'మురుగు కాలువలు' },
  garbage: { en: 'garbage collection', ta: 'குப்பை அகற்றம்', hi: 'कचरा', te: 'చెత్త సేకరణ' },
  health: { en: 'health care', ta: 'மருத்துவம்', hi: 'स्वास्थ्य', te: 'ఆరోగ్యం' },
  education: { en: 'education', ta: 'கல்வி', hi: 'शिक्षा', te: 'విద్య' },
  jobs: { en: 'jobs', ta: 'வேலைவாய்ப்பு', hi: 'रोजगार', te: 'ఉపాధి' },
  ration: { en: 'ration (PDS)', ta: 'ரேஷன்', hi: 'राशन', te: 'రేషన్' },
  pension: { en: 'pension', ta: 'ஓய்வூதியம்', hi: 'पेंशन', te: 'పింఛన్' },
  housing: { en: 'housing', ta: 'வீட்டுவசதி', hi: 'आवास', te: 'గృహ నిర్మాణం' },
  transport: { en: 'public transport', ta: 'போக்குவரத்து', hi: 'परिवहन', te: 'రవాణా' },
  safety: { en: 'safety and policing', ta: 'பாதுகாப்பு', hi: 'सुरक्षा', te: 'భద్రత' },
  corruption: { en: 'corruption', ta: 'ஊழல்', hi: 'भ्रष्टाचार', te: 'అవినీతి' },
  agriculture: { en: 'agriculture', ta: 'விவசாயம்', hi: 'खेती', te: 'వ్యవసాయం' },
  prices: { en: 'prices', ta: 'விலைவாசி', hi: 'महंगाई', te: 'ధరలు' },
};

// ---------------------------------------------------------------------------------------------
// Category and intent cues

const QUESTION = keywords(`what when where why how which who whom whose is_there are_there can_i
  could_you will_you do_you does when_will how_much how_many status
  kya kab kahan kahaan kaise kyun kyu kyon kaun kitna kitne kitni kidhar
  क्या कब कहां कहाँ कैसे क्यों कौन कितना कितने कितनी
  enna yenna eppo eppadi epdi enga yen yaen yaaru yaru evlo evvalavu ethanai ethuku edhuku
  என்ன எப்போ எப்போது எப்படி எங்கே ஏன் யார் எவ்வளவு எத்தனை எதுக்கு
  emi emiti enti eppudu ekkada ela enduku evaru entha enni
  ఏమి ఏమిటి ఎప్పుడు ఎక్కడ ఎలా ఎందుకు ఎవరు ఎంత ఎన్ని`);

const SUGGESTION = keywords(`should suggest suggestion suggestions recommend request kindly
  propose idea must need_to needs_to better_if please_do please_build please_arrange
  chahiye chahie karna_chahiye kijiye kariye karwaiye sujhav sujhaav anurodh nivedan
  चाहिए सुझाव* अनुरोध* निवेदन* कृपया कीजिए करिए करवाइए
  venum vendum pannanum seyyanum panna_venum pannunga yosanai korikkai
  வேண்டும் வேணும் செய்ய_வேண்டும் பண்ணணும் கோரிக்கை* ஆலோசனை* பரிந்துரை* தயவுசெய்து
  cheyyali cheyali kavali cheyandi cheyyandi salaha vinnapam
  చేయాలి కావాలి చేయండి సలహా* విన్నప* దయచేసి`);

const PROBLEM = keywords(`problem problems issue issues complaint complain not_working broken
  leak leaking leakage shortage pending delay delayed dirty overflow overflowing blocked
  damaged damage stuck irregular unavailable missing no_supply cut outage stopped pothole*
  gaddh* गड्ढ* kuzhi குழி* gunta* గుంత* పొంగిపొర్ల* పొంగు* nirambi வழிந்* overflow*
  samasya dikkat pareshani kharab band toota tuta shikayat nahi_aa nahi_mil nahi_hai
  समस्या* दिक्कत* परेशान* खराब ख़राब बंद टूट* शिकायत* नहीं
  prachanai pirachanai prechanai illa illai varala kidaikala odanju udainju kettu_pochu
  பிரச்சனை* பிரச்சினை* இல்லை இல்ல வரவில்லை கிடைக்கவில்லை உடைந்த* சேதம்* புகார்*
  samasya ledu raledu raavatledu padaindi paadaindi pani_cheyatledu
  సమస్య* లేదు రాలేదు రావడం_లేదు పాడై* ఫిర్యాదు* ఇబ్బంది*`);

const POLITICAL = keywords(`election elections vote votes voting voter voters party parties
  candidate candidates campaign manifesto mla mp minister ministers cm pm government govt
  opposition bjp congress inc aap dmk admk aiadmk tvk pmk vck ntk tdp ysrcp ycp brs trs jsp
  janasena bsp sp rjd jdu cpi cpm left modi rahul stalin jagan naidu chandrababu kcr revanth
  chunav vot matdan neta sarkar sarkaar party_ko
  चुनाव* वोट* मतदान* पार्टी* नेता* सरकार* मंत्री* विधायक* सांसद* भाजपा कांग्रेस
  therthal thaerthal ottu vaakku katchi
  தேர்தல்* ஓட்டு* வாக்கு* கட்சி* அமைச்சர்* முதல்வர்* எம்எல்ஏ* அரசு* திமுக* அதிமுக*
  ennikalu ennikala otu vote party mantri
  ఎన్నిక* ఓటు* ఓట్ల* పార్టీ* మంత్రి* ముఖ్యమంత్రి* ఎమ్మెల్యే* ప్రభుత్వ*`);

const THANKS = keywords(`thanks thank thankyou thanku thx tq grateful appreciate appreciated
  great_work good_work well_done dhanyavad dhanyawad shukriya shukria aabhar
  धन्यवाद शुक्रिया आभार* nandri nanri நன்றி* dhanyavadalu dhanyavaadalu ధన్యవాదాలు*`);

const GREETING = keywords(`hi hello hey hii good_morning good_evening good_afternoon
  namaste namaskar namaskaram pranam vanakkam vannakam salaam salam ram_ram
  नमस्ते नमस्कार प्रणाम राम_राम வணக்கம்* నమస్కారం* నమస్తే`);

const URGENT_STRONG = keywords(`emergency urgent urgently fire accident accidents flood flooded
  flooding collapse collapsed electrocuted electrocution live_wire snakebite snake_bite
  dying bleeding unconscious heart_attack rape kidnap kidnapped missing_child drowning
  murder stabbed sos help_immediately
  aag hadsa durghatna baadh bachao emergency dubna doob
  आग* हादसा* हादसे दुर्घटना* बाढ़* बचाओ आपातकाल* इमरजेंसी करंट_लगा डूब*
  thee vibathu vibaththu vellam avasaram kaapathunga kapathunga
  தீ தீப்பிடி* விபத்து* வெள்ள* அவசர* காப்பாத்து* காப்பாற்று* மின்சாரம்_தாக்கி*
  agni pramadam varadalu atyavasaram kapadandi mantalu
  అగ్ని* ప్రమాద* వరద* అత్యవసర* కాపాడండి* మంటలు* కరెంట్_షాక్*`);

const URGENT_WEAK = keywords(`hospital ambulance critical serious injured danger dangerous
  immediately asap turant udane ventane तुरंत* உடனே* వెంటనే*
  aspatal ghayal khatra अस्पताल* घायल* खतरा* ख़तरा* गंभीर*
  aaspathiri maruthuvamanai kaayam aabathu ஆம்புலன்ஸ்* மருத்துவமனை* காயம்* ஆபத்து* ஆபத்தான*
  aasupatri gayalu pramadakaram ఆసుపత్రి* గాయ* ప్రమాదకర* తీవ్ర*`);

const DURATION = keywords(`days day weeks week months month since din dino dinon hafte hafton
  mahine mahino दिन* हफ्ते* महीने* naal naala naalaa naalaga vaaram maasam
  நாள்* நாளா* நாட்கள்* வாரம்* மாதம்* மாசம்* rojulu roju vaaramu nelalu
  రోజు* రోజుల* వారం* నెల* నెలల*`);

const NEGATION = keywords(`no not never without nahi nahin nhi na नहीं नही बिना illa illai
  varala kidaikala இல்லை இல்ல* வரவில்லை* வரல* கிடைக்கல* கிடைக்கவில்லை* ledu ledhu raledu
  raavatledu లేదు లేవు రాలేదు* రావడం_లేదు రావట్లేదు* ఇవ్వలేదు*`);

const ABUSE = keywords(`idiot idiots stupid fool fools moron morons bastard bastards bitch
  asshole fuck fucking fucker shit bullshit scoundrel rascal useless_fellow shameless
  dog pig donkey
  chutiya chutiye madarchod bhenchod behenchod bsdk bhosdike bhosdi gandu harami haramkhor
  kamina kamine kamini kutta kutte kutton suar suwar gadha ullu saala saale randi lodu lavde
  lavda lund jhaat tatti nalayak nikamma besharam
  चूतिया* मादरचोद* बहनचोद* भोसड़ी* हरामी* हरामखोर* कमीना* कमीने* कुत्ता कुत्ते सुअर* गधा गधे
  साला साले रंडी* नालायक* निकम्मा* बेशर्म*
  punda pundai otha ommala thevdiya thevidiya koothi sunni baadu loosu porukki naaye
  naai poda_naaye paithiyakaran kena kenai sombu
  புண்ட* ஓத்தா* ங்கோத்தா* இங்கோத்தா* தேவடியா* தேவிடியா* கூதி* சுன்னி* பொறுக்கி* நாயே* லூசு*
  lanja lanjakoduku lanjakodukulu dengey dengu kojja gadida edava yedava vedhava vedava
  pichodu erripuku bevarse bewarse pandi kukka nakka
  లంజ* దెంగ* కొజ్జా* గాడిద* ఎదవ* వెధవ* పిచ్చోడ* ఎర్రిపు* పంది కుక్క`);

const THREAT = keywords(`kill_you kill_u will_kill beat_you burn_you finish_you
  maar_dunga maar_denge jaan_se maar_daalunga dekh_lunga मार_दूंगा मार_देंगे जान_से देख_लूंगा
  kolai_pannuven konnuduven vettuven adippen கொன்னுடுவேன்* வெட்டுவேன்* கொலை_பண்ணுவேன்*
  champestha champutha champesta narikestha చంపేస్తా* చంపుతా* నరికేస్తా*`);

// Wants a person: someone-nouns plus speak-verbs, or explicit phrases.
const PERSON = keywords(`person human humans someone somebody agent agents officer officers
  official staff representative executive manager operator real_person mla
  insaan insan aadmi vyakti adhikari afsar kisi_se koi_insaan karmchari
  इंसान* व्यक्ति* अधिकारी* आदमी* अफसर* किसी_से कर्मचारी*
  manushan manusha manushar manithar aal aalu adhigari athikari yaaravathu yaravathu
  oruthar oruthar_kitta staff_kitta
  மனுஷன்* மனிதர்* மனிதன்* ஆள்* அதிகாரி* யாராவது* ஊழியர்* நபர்*
  manishi manishitho manushulu vyakthi adhikari adhikarini evaraina evarinaina evaritho
  మనిషి* మనుషు* వ్యక్తి* అధికారి* ఎవరైనా* ఎవరితోనైనా* ఎవరినైనా* సిబ్బంది*`);

const SPEAK = keywords(`talk speak call connect contact chat reach phone callback
  baat baat_karni baat_karna baat_karao baat_karwao bolna call_karo phone_karo
  बात* कॉल* फोन*
  pesanum pesa pesunga pesanam pesuren pesa_venum call_pannunga kooptu koopdunga
  பேச* பேசு* அழை* கால்* போன்*
  matladali matladu maatladali maatlaadali matladataanu matladatanu matladandi call_cheyandi
  మాట్లాడ* కాల్* ఫోన్*`);

const NOT_BOT =
  /\b(not|no|stop)\s+(a\s+|the\s+|this\s+)?(bot|robot|machine|automated|automatic)\b|\b(real|actual|live)\s+(person|human|agent|people)\b|\bhuman\s+(please|pls|agent|support)\b|\bbot\s+(nahi|illa|venam|vendam|vaddu)\b/;

// Wants the data deleted: data-nouns plus delete-verbs.
const DATA = keywords(`data details detail information info number phone_number record records
  messages chats history profile personal account
  jankari jaankari vivaran number record detail
  डेटा* डाटा* जानकारी* विवरण* नंबर* रिकॉर्ड* नम्बर*
  thagaval thagavalgal vivaram vivarangal tharavu en_number
  தகவல்* தரவு* விவர* எண்* நம்பர்* டேட்டா*
  vivaralu samacharam naa_number
  డేటా* డాటా* వివరాల* వివరాలు* సమాచార* నంబర్* నెంబర్*`);

const DELETE = keywords(`delete deleted deleting remove erase wipe forget purge destroy unsubscribe
  hatao hata hatado hatana mitao mita mitado mitana delete_karo delete_kar
  हटा* मिटा* डिलीट* हटाओ* मिटाओ*
  neekku neekkunga neekunga neeku azhi azhichidunga alichidunga alichu thookku thookunga
  delete_pannunga
  நீக்க* நீக்கு* அழி* டெலீட்* டிலீட்*
  tolaginchu tolaginchandi tolagincandi teeseyandi teesiveyandi teesey delete_cheyandi
  delete_cheyyandi
  తొలగించ* తొలగించు* తీసేయ* తీసివేయ* డిలీట్* చెరిపి*`);

// ---------------------------------------------------------------------------------------------

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+/gu;

function tokensOf(text: string): string[] {
  const clean = stripNoise(text.normalize('NFC')).toLowerCase().replace(/['’]/g, '');
  return Array.from(clean.matchAll(TOKEN_RE), (m) => m[0]);
}

function isQuestion(text: string, tokens: string[]): boolean {
  if (/[?？]/.test(text)) return true;
  const first = tokens.slice(0, 3);
  if (first.some((t) => QUESTION.exact.has(t))) return true;
  if (has(QUESTION, tokens) && tokens.length <= 12) return true;
  // Romanized Tamil/Telugu yes-no questions end in -a/-aa ("varuma", "irukka", "vastunda").
  const last = tokens[tokens.length - 1] ?? '';
  return /^(.*(uma|kkaa|kka|ndaa|nda|ledha|ledaa|kadha|ithaa|tara|taaraa))$/.test(last);
}

const COUNT_WORDS = new Set(
  `two three four five six seven ten several many few
  do teen char chaar paanch saat das kai दो तीन चार पांच पाँच सात दस कई
  rendu moonu naalu anju pathu pala ரெண்டு இரண்டு மூணு மூன்று நாலு நான்கு ஐந்து பத்து பல
  moodu naalugu aidu padi chala రెండు మూడు నాలుగు ఐదు పది చాలా`.split(/\s+/),
);

/** True when the message says a number of days/weeks and a need is not met. */
function longOutage(tokens: string[], topics: TopicId[], negatedAny: boolean): boolean {
  const needs = topics.some((t) => t === 'water' || t === 'electricity' || t === 'drainage');
  if (!needs) return false;
  const duration = has(DURATION, tokens);
  const negated = negatedAny || has(PROBLEM, tokens);
  const number = tokens.some((t) => /^\d+$/.test(t) || COUNT_WORDS.has(t));
  return duration && negated && number;
}

export function extractTopics(
  text: string,
  language: AnalyzerLanguage,
  sentiment?: SentimentResult,
): TopicResult {
  const tokens = tokensOf(text);
  const sent = sentiment ?? analyzeSentiment(text, language);

  const topics: TopicId[] = [];
  const keywordsFound: string[] = [];
  for (const id of TOPIC_IDS) {
    const found = findAll(TOPIC_SETS[id], tokens);
    if (found.length > 0) {
      topics.push(id);
      for (const k of found) if (!keywordsFound.includes(k)) keywordsFound.push(k);
    }
  }

  const problem = has(PROBLEM, tokens);
  const negated = has(NEGATION, tokens) || tokens.some((t) => negatorOf(t, language) !== undefined);
  const negative = sent.sentiment === 'negative';
  const question = isQuestion(text, tokens);
  const suggestion = has(SUGGESTION, tokens);
  const political = has(POLITICAL, tokens);
  const thanks = has(THANKS, tokens);
  const greeting = has(GREETING, tokens);

  const issueSignal = problem || negated || negative;
  const issues = issueSignal ? topics.map((t) => TOPIC_LABELS[t].en) : [];

  const abusive = has(ABUSE, tokens) || has(THREAT, tokens);
  const urgent =
    has(URGENT_STRONG, tokens) ||
    (has(URGENT_WEAK, tokens) && (issueSignal || /!/.test(text))) ||
    longOutage(tokens, topics, negated);

  const personWanted = has(PERSON, tokens) && has(SPEAK, tokens);
  const wantsHuman =
    personWanted || NOT_BOT.test(tokens.join(' ')) || /\bcall\s+me\b/.test(tokens.join(' '));
  const wantsDataDeletion = has(DATA, tokens) && has(DELETE, tokens);

  let category: Category;
  if (topics.length > 0 && issueSignal) category = 'complaint';
  else if (suggestion && !question) category = 'suggestion';
  else if (question) category = 'inquiry';
  else if (political) category = 'political';
  else if (thanks || sent.sentiment === 'positive') category = 'feedback';
  else if (topics.length > 0 || problem || negative) category = 'complaint';
  else if (suggestion) category = 'suggestion';
  else category = 'feedback';

  let intent: string;
  if (wantsDataDeletion) intent = 'delete_data';
  else if (wantsHuman) intent = 'request_human';
  else if (urgent) intent = 'emergency';
  else if (abusive) intent = 'abuse';
  else if (greeting && tokens.length <= 4 && topics.length === 0) intent = 'greeting';
  else if (thanks && topics.length === 0 && !question) intent = 'thanks';
  else
    intent = {
      complaint: 'complaint',
      suggestion: 'suggestion',
      inquiry: 'question',
      political: 'political',
      feedback: 'feedback',
    }[category];

  return {
    topics,
    keywords: keywordsFound.slice(0, 12),
    issues,
    category,
    intent,
    urgent,
    abusive,
    wantsHuman,
    wantsDataDeletion,
  };
}

/** Topic ids mentioned in a text (used by retrieval to match across languages). */
export function topicIdsOf(text: string): TopicId[] {
  const tokens = tokensOf(text);
  return TOPIC_IDS.filter((id) => has(TOPIC_SETS[id], tokens));
}
