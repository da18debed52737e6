// Language identification for the embedded analyzer: Tamil, English, Hindi and Telugu in
// native script, romanized (Tanglish, Hinglish, romanized Telugu) or a mix of both.
//
// Native script is told by Unicode block. Romanized text is scored with hand-written lexicons
// of common function words, pronouns, verbs, particles and suffixes of each language; English
// is chosen only when there is no Indic evidence. Pure functions, no I/O.

export type AnalyzerLanguage = 'ta' | 'en' | 'hi' | 'te';
export type Script = 'native' | 'roman' | 'mixed';
export type IndicLanguage = 'ta' | 'hi' | 'te';

export interface LanguageResult {
  language: AnalyzerLanguage;
  script: Script;
  confidence: number;
}

export type TokenScript = 'ta' | 'hi' | 'te' | 'latin' | 'other';

export interface Token {
  /** The token as written, lower-cased (NFC). */
  text: string;
  script: TokenScript;
}

// ---------------------------------------------------------------------------------------------
// Tokenisation (shared by the other analyzer modules)

const URL_RE = /\bhttps?\s*:?\s*\/\/\s*(?:t\s*\.\s*co\s*\/\s*\S+|\S+)/gi;
const WWW_RE = /\bwww\.\S+/gi;
const MENTION_RE = /@\s?[\w.]+/g;
const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Removes links and @handles, which carry no language or sentiment. */
export function stripNoise(text: string): string {
  return text
    .replace(/(?<=\p{L})@(?=\p{L})/gu, 'a') // "th@liv@r"
    .replace(/(^|\s)\$(?=\p{L})/gu, '$1s') // "$ethu"
    .replace(URL_RE, ' ')
    .replace(WWW_RE, ' ')
    .replace(MENTION_RE, ' ');
}

export function charScript(code: number): TokenScript {
  if (code >= 0x0b80 && code <= 0x0bff) return 'ta';
  if (code >= 0x0900 && code <= 0x097f) return 'hi';
  if (code >= 0xa8e0 && code <= 0xa8ff) return 'hi'; // Devanagari Extended
  if (code >= 0x0c00 && code <= 0x0c7f) return 'te';
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return 'latin';
  if (code >= 0xc0 && code <= 0x24f) return 'latin';
  return 'other';
}

/** The dominant script of one word (by letters; digits and marks do not count). */
export function wordScript(word: string): TokenScript {
  let ta = 0;
  let hi = 0;
  let te = 0;
  let latin = 0;
  for (let i = 0; i < word.length; i++) {
    const s = charScript(word.charCodeAt(i));
    if (s === 'ta') ta++;
    else if (s === 'hi') hi++;
    else if (s === 'te') te++;
    else if (s === 'latin') latin++;
  }
  const max = Math.max(ta, hi, te, latin);
  if (max === 0) return 'other';
  if (ta === max) return 'ta';
  if (te === max) return 'te';
  if (hi === max) return 'hi';
  return 'latin';
}

/** Lower-cased word tokens with their script; links and handles removed. */
export function tokenize(text: string): Token[] {
  const clean = stripNoise(text.normalize('NFC')).toLowerCase();
  const out: Token[] = [];
  for (const m of clean.matchAll(WORD_RE)) {
    const w = m[0].replace(/['’]/g, '');
    const script = wordScript(w);
    if (script === 'other') continue;
    out.push({ text: w, script });
  }
  return out;
}

/** Collapses letters written three or more times ("semmaaaa" -> "semma"). */
export function collapseRuns(word: string): string {
  return hasRun(word) ? word.replace(/(.)\1{2,}/g, '$1') : word;
}

/** True when some character is written three or more times in a row. */
function hasRun(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) return true;
  }
  return false;
}

/** Spellings to try for a stretched word: as written, runs to one letter, runs to two. */
export function runVariants(word: string): string[] {
  if (!hasRun(word)) return [word];
  return [word, word.replace(/(.)\1{2,}/g, '$1'), word.replace(/(.)\1{2,}/g, '$1$1')];
}

/**
 * A loose spelling key for romanized Indic words: doubled letters squeezed and aspirates
 * dropped, so "irukku"/"iruku", "chaala"/"chala", "nahin"/"nahin", "thanni"/"tanni" meet.
 */
export function phoneticKey(word: string): string {
  return word
    .toLowerCase()
    .replace(/zh/g, 'l')
    .replace(/([tdkgbpjc])h/g, '$1')
    .replace(/sh/g, 's')
    .replace(/w/g, 'v')
    .replace(/(.)\1+/g, '$1')
    .replace(/y$/, 'i');
}

// ---------------------------------------------------------------------------------------------
// Lexicons. Written by hand from general knowledge of the languages. "word" weighs 1,
// "word:2" weighs 2. Weights say how distinctive the word is for that language.

const TA_WORDS = `
irukku:2 iruku:2 irukkum:2 irukum:2 irukken:2 iruken:2 irukkanga:2 irukanga:2 irukaanga:2
irundha:2 irundhu:2 irunthu:2 irunthathu:2 irukkanum:2 irukanum:2 irukka:1.5 iruka:1.5 irukudhu:2
irukuthu:2 irukkuthu:2 irukkudhu:2 irundhaalum:2 irunthalum:2 irukkiya:2 irukiya:2 irukinga:2
illa:2 illai:2 illaiya:2 illaya:2 illama:2 illaama:2 illatha:2 illadha:2 illaye:2 ille:1.5 illayaa:2
romba:2 rombo:2 rombha:2 enna:1.5 ennaa:1.5 yenna:1.5 enaku:2 enakku:2 enakum:2 enakkum:2
unaku:2 unakku:2 neenga:2 ninga:1.5 nenga:2 naanga:2 nanga:1.5 ungal:2 ungaluku:2 ungalukku:2
engal:2 engaluku:2 engalukku:2 avanga:2 ivanga:2 avangaluku:2 avanuku:2 avanukku:2 ivanuku:2
pannunga:2 panunga:2 pannanum:2 pananum:2 pannuga:2 panna:1.5 pannu:2 panren:2 pannen:2
panrom:2 pannitu:2 panniten:2 pandringa:2 panringa:2 panreenga:2 pannuvom:2 pannalam:2 pannuren:2
panni:1.5 pannuvanga:2 pannitanga:2 pannirukanga:2 pannala:2 panala:2 pannuna:2 panuna:2
solla:1.5 sollu:2 sollunga:2 sonna:2 solren:2 solringa:2 sollanum:2 sollren:2 solluvanga:2
sollitanga:2 sonnanga:2 solran:2 solraru:2 sollala:2 solli:1.5 sollama:2
paaru:2 paarunga:2 parunga:2 paathu:2 pathu:1 paathen:2 pathen:2 parthen:2 paakanum:2 pakkanum:2
paakka:2 pathutu:2 paathutu:2 pathuttu:2 paathuttu:2 paakala:2 pakala:2 parkka:2 parka:1.5
pakranga:2 paakuranga:2 pakuren:2 paakuren:2 papom:2 paapom:2
vaanga:2 vanga:1.5 vandhu:2 vanthu:2 vandha:2 vantha:1.5 vanthen:2 vandhen:2 varuvom:2 varuven:2
varen:1.5 varudhu:2 varuthu:2 varala:2 vanthuchu:2 vandhuchu:2 vandhanga:2 vanthanga:2
vandhaanga:2 varanga:2 varaanga:2 vararu:1.5 vanthutaan:2 vandhutan:2 varum:1.5
poda:1.5 podu:1.5 podunga:2 poitu:2 poiten:2 ponga:2 pogudhu:2 poguthu:2 ponum:2 poganum:2
pochu:2 pochi:1 poga:1.5 poyi:0.5 porom:2 poren:2 pona:1.5 ponaanga:2 ponanga:2
aachu:2 achu:1.5 aayiduchu:2 ayiduchu:2 aagum:2 agum:1.5 aaga:1.5 aagathu:2 agathu:2 aagala:2
agala:2 ayitu:1.5 aayitu:2 aaguthu:2 aagudhu:2 aagatum:2 aagattum:2 ayiruchu:2 aayiruchu:2
mudiyum:2 mudiyathu:2 mudiyadhu:2 mudila:2 mudiyala:2 mudiyuma:2 mudinja:2 mudinchu:2
theriyum:2 theriyathu:2 theriyadhu:2 theriyala:2 therila:2 theriyuma:2 therinjathu:2
therinjadhu:2 puriyala:2 puriyudhu:2 puriyuthu:2 puriyum:2 purinjudhu:2
venum:2 vendum:2 venam:2 vendam:2 venaam:2 vendaam:2 venuma:2 vendama:2
kudukkanum:2 kudunga:2 kudu:1.5 kodunga:2 kodukka:2 kudukka:2 kuduthanga:2 kuduthaanga:2
kuduthu:1.5 kodu:1 edunga:2 eduthu:2 edutha:2 edukka:2 edukanum:2 eduthutu:2
kedaikum:2 kidaikum:2 kedaikala:2 kidaikala:2 kidaikuma:2 kedaikuma:2 kidaichudhu:2
kekkanum:2 kelunga:2 kekkuren:2 kekka:1.5 kettaan:2 kettanga:2
pesanum:2 pesunga:2 pesa:1.5 pesi:1.5 pesuren:2 pesuringa:2 pesureenga:2 pesala:2 peasunga:2
nalla:2 nallaa:2 nallathu:2 nalladhu:2 nallarukku:2 nallaruku:2 nallavan:2 nallavanga:2
semma:2 sema:1.5 konjam:2 konja:1.5 ippo:2 ipo:1.5 ippa:1.5 appo:1.5 apo:1 eppo:2 epo:1.5
eppadi:2 epdi:2 eppdi:2 eppidi:2 yen:1 yaen:2 yaaru:2 yaru:1.5 evlo:2 evvalavu:2 ivlo:2 avlo:2
inga:2 anga:1.5 ingae:2 ange:1 enga:1.5 unga:1.5 namma:2 naama:1.5 naan:2 nan:0.8 nee:1
avan:2 aval:2 avar:1.5 avaru:1.5 ivan:2 ival:2 idhu:2 ithu:2 adhu:2 athu:2 indha:2 intha:1.5
andha:2 antha:1 thaan:2 than:1 dhan:1 thaane:2 thana:1 kooda:1 kuda:0.5 mattum:2 matum:2
innum:2 inum:1.5 ellam:2 ellaam:2 ellarum:2 ellaarum:2 yellam:2 yellarum:2 ellathukum:2
vera:1 veraa:1 thala:1.5 thalaivar:2 thalaiva:2 thalaivaa:2 thalaivare:2 thalapathy:1.5
padam:2 padatha:2 padathula:2 padathuku:2 padathukku:2 padangal:2 kadhai:2 kathai:2
paatu:2 paattu:2 makkal:2 makkale:2 ooru:1 oor:1 veedu:2 veetu:2 veetla:2 veetuku:2
thanni:2 thanneer:2 kudineer:2 kasu:1.5 panam:1.5 velai:2 vela:1 kalyanam:1.5 ponnu:2
paiyan:2 pasanga:2 ponnunga:2 machan:2 machi:2 maapla:2 mapla:2 akka:0.5 thambi:2
thangachi:2 thangai:2 paati:2 thatha:1.5 saami:1.5 ayya:1 aiyya:1.5 vanakkam:2
nandri:2 nanri:2 mannikavum:2 mannichidunga:2 sari:1 seri:1.5 aama:1.5 aamam:2
mokka:2 mokkai:2 kevalam:2 kevalama:2 asingam:2 asingama:2 kodumai:2 thollai:2 prachanai:2
pirachanai:2 prechanai:2 kashtam:1 kastam:1 kovam:2 kobam:2 paavam:1.5 pavam:1 arumai:2
arumaiyana:2 azhagu:2 alagu:1.5 azhaga:2 alaga:1.5 vazhthukkal:2 vaazhthukkal:2
valthukkal:2 vazhthukal:2 vazhthukkal:2 kalakkal:2 kalakkunga:2 kalakitinga:2 therikudhu:2
therikuthu:2 dei:1.5 dey:1 ennada:2 ennadi:2 enada:2 da:0.6 di:0.3 pa:0.5 ma:0.3 la:0.4
nu:0.6 ku:0.6 kitta:2 kita:1.5 oda:1 ode:0.5 kaga:1.5 kaaga:2 podhum:2 pothum:2 sapadu:2
saapadu:2 saptiya:2 saptingala:2 ennachu:2 ennaachu:2 aiyo:1 ayyo:1 ayyayo:1.5 paravala:2
paravailla:2 paravaillai:2 nambikkai:2 unmaiyana:2 unmaiya:2 unmai:2 sathiyama:2 kandippa:2
kandipa:2 seekiram:2 sikiram:2 udane:1.5 udanae:2 innaiku:2 inniku:2 innaikku:2 naalaiku:2
nalaiku:2 naalaikku:2 nethu:2 netru:2 ippadi:2 appadi:2 apdi:2 ipdi:2 ennoda:2 unnoda:2
avanoda:2 namakku:2 namaku:2 engaloda:2 ungaloda:2 aanaa:1.5 aana:1 anaa:1 aprom:2 apram:2
appuram:2 adhanala:2 athanala:2 neeyum:2 naanum:2 avanum:2 yaarum:2 onnum:2 onnu:2 rendu:1
moonu:2 naalu:1.5 anju:1.5 nooru:2 aayiram:2 oru:1.5 ethuku:2 edhuku:2 yethuku:2 yedhuku:2
ethana:1.5 ethanai:2 enna:1.5 ennanu:2 yaarukku:2 yarukku:2 yaaroda:2 evanum:2 evan:1.5
yaaravathu:2 yaravathu:2 yaarachum:2 yaravadhu:2 ethavathu:2 edhavadhu:2 ethachum:2
manushan:2 manushanga:2 manithan:2 aalu:1 aal:1 adhigari:2 athikari:2 thagaval:2 vivaram:2
neekkunga:2 neekunga:2 azhichidunga:2 alichidunga:2 thookunga:2 kadai:1 kadaila:2 kadaiyila:2
sollunga:2 pannunga:2 vaangunga:2 vaanginga:2 vaangitu:2 sapten:2 saptaachu:2 thoonga:2
thoongu:2 thoonguren:2 nikkudhu:2 nikuthu:2 odudhu:2 oduthu:2 odunga:2 ninnu:0.3
koopdunga:2 kooptu:2 koopidunga:2 koopittu:2 koopudunga:2 solunga:2 pesuvom:2
theru:1.5 therula:2 oorla:2 oorula:2 thanniye:2 thannila:2 velicham:2 minsaram:2 karentu:2
kuppai:2 saakkadai:2 sakkadai:2 saalai:2 salai:1 kuzhi:2 vaikkal:2 vayal:1.5 vivasayam:2
vivasayi:2 vivasaayi:2 aaspathiri:2 aaspatri:1 maruthuvamanai:2 marundhu:2 marunthu:2
kaichal:2 kaaichal:2 palli:1.5 pallikoodam:2 padippu:2 padikka:2 padikiren:2 padichen:2
kolai:1.5 kollai:1.5 thiruttu:2 thirudan:2 thirudanga:2 kevalamana:2 mosamana:2 mosam:1.5
vetti:1.5 loosu:2 paithiyam:2 paithiyakaran:2 porukki:2 naaye:2 naai:1.5 sootha:1 punda:2
pundai:2 otha:1.5 ommala:2 thevdiya:2 thevidiya:2 koothi:2 sunni:1.5 baadu:1.5 sombu:1
theri:1 tharamana:2 sirappana:2 sirappu:2 magizhchi:2 santhosham:1.5 santhosam:1.5
pudichirukku:2 pudichiruku:2 pidichirukku:2 pidikkum:2 pudikkum:2 pudikum:2 pidikala:2
pudikala:2 pudikkala:2 pidikkala:2 pudikkathu:2 pidikkathu:2
eppothum:2 eppovum:2 eppavum:2 eppodhum:2 epovum:2 epavum:2 ah:0.5 va:0.6 ponnu:2 kannu:1
solrathu:2 pannrathu:2 panrathu:2 irukrathu:2 eduthaanga:2 vechu:2 vachu:1 vechirukanga:2
`;

const TE_WORDS = `
undi:2 undhi:2 unnadi:2 unnadhi:2 unnaru:2 unnanu:2 unna:1.5 unnav:2 unnava:2 untundi:2
untadi:2 untadhi:2 untaru:2 untanu:2 unte:1.5 untey:2 undali:2 undedhi:2 undedi:2 unnayi:2
ledu:2 ledhu:2 leru:2 levu:2 ledha:2 ledaa:2 leka:1.5 lekunda:2 lekundaa:2 leni:1.5 lev:1
kaadu:2 kadu:1.5 kaadhu:2 kadhu:1.5 kaadha:2 kadha:1.5 kada:1 kaada:1.5 kaani:1.5 kani:1
avunu:2 avnu:2 avuna:2 ayyindi:2 ayindi:2 aindi:2 ayyindhi:2 ayindhi:2 ayipoyindi:2
ayipoindi:2 aipoindi:2 avutundi:2 avthundi:2 avuthundi:2 avtundi:2 ayyadu:2 ayyaru:2
chesanu:2 chesa:1.5 chesadu:2 chesindi:2 chesindhi:2 chesaru:2 chestha:2 chesta:1.5 chestham:2
chestam:2 chesthanu:2 chestanu:2 chestunna:2 chesthunna:2 chestunnaru:2 chesthunnaru:2
chestaru:2 chestharu:2 cheyi:2 cheyandi:2 cheyyandi:2 cheyali:2 cheyyali:2 cheyadam:2
cheyyadam:2 chey:2 chesi:2 chesko:2 cheskuni:2 chesukoni:2 chesukuni:2 chesukunna:2
chesthe:2 cheste:2 chesav:2 chesavu:2 chesaav:2 chesthunnav:2 chestunnav:2 cheyaledu:2
cheppu:2 cheppandi:2 chepandi:2 cheppara:2 cheppadu:2 cheppindi:2 chepthe:2 cheppe:1.5
chepthunna:2 cheptunna:2 chepparu:2 cheppali:2 cheppanu:2 chepa:1.5 cheppa:1.5
chudu:2 choodu:2 chudandi:2 choodandi:2 chusa:2 chusanu:2 chusthu:2 chustu:2 chusthunna:2
chustunna:2 chusi:2 chuste:2 chusthe:2 chusinattu:2 chudali:2 chusaru:2 chudandi:2 choosi:2
chudaledu:2 chusava:2 chusara:2 chudu:2 chuddam:2 chudadaniki:2
vachindi:2 vacchindi:2 vachadu:2 vacchadu:2 vastadu:2 vasthadu:2 vastundi:2 vasthundi:2
vachaaru:2 vacharu:2 raavali:2 ravali:2 randi:2 raa:0.6 ra:0.6 raledu:2 raaledu:2 rava:1
vellu:2 velli:2 vellandi:2 vellali:2 vellaru:2 vellipoyadu:2 velladam:2 veltha:2 veltunna:2
matladu:2 matladandi:2 maatladu:2 matladali:2 maatladali:2 matladaku:2 matladutunnaru:2
matladtunnaru:2 matladuthunnaru:2 matladaru:2 maatlaadu:2 maatlaadali:2 matladanu:2
matladataanu:2 matladatanu:2 mataladali:2 matlaadali:2 maatladataanu:2
telusu:2 teliyadu:2 teliyadhu:2 telidu:2 teliyatledu:2 telvadu:2 telusa:2 telustundi:2
kavali:2 kaavali:2 kavalante:2 kaavalante:2 akkarledu:2 avasaram:1
poyindi:2 poindi:2 pothundi:2 potundi:2 poyadu:2 poyaru:2 poyina:2 potunna:2 pothunna:2
istha:2 isthanu:2 istanu:2 ivvandi:2 ivvu:2 ichadu:2 ichindi:2 icharu:2 ichav:2 ivvali:2
ichina:2 istaru:2 istharu:2 istundi:2 isthundi:2
tinu:2 tinnava:2 tinnara:2 tinnanu:2 tinnav:2 padandi:2 padukunnanu:2
chala:2 chaala:2 chaalaa:2 baga:1.5 baaga:2 bagundi:2 baagundi:2 bagundhi:2 bagunnadi:2
bagunna:2 bagunnava:2 bavundi:2 bavundhi:2 bagund:2 bagaledu:2 bagoledu:2 bagodhu:2
emi:2 emiti:2 enti:2 entra:2 entha:1.5 enduku:2 endhuku:2 ela:1 elaa:1.5 yela:1.5 ekkada:2
akkada:2 ikkada:2 eppudu:2 ippudu:2 appudu:2 yeppudu:2 inka:1.5 inkaa:2 mari:1 ante:1.5
antey:2 anta:1.5 ani:1 gaa:1.5 ga:0.8 garu:2 gaaru:2 andi:2 annaya:2 annayya:2 babu:1
bava:1.5 bavagaru:2 mawa:2 bhayya:1 ammayi:2 abbayi:2 pilla:1.5 pillalu:2 rojulu:2 roju:2
cinema:0.6 sinima:1.5 manchi:2 manchiga:2 manchidi:2 chetta:1.5 chettha:2 dabbulu:2 dabbu:2
neellu:2 neeru:1.5 neeti:2 illu:1.5 intlo:2 inti:1.5 intiki:2 ooriki:2 panulu:2 pani:0.8
udyogam:2 sare:1.5 sarle:2 nenu:2 nuvvu:2 nuvu:2 meeru:2 miru:1.5 memu:2 manam:2 manamu:2
vadu:2 vaadu:2 aame:2 atanu:2 athanu:2 evaru:2 evadu:2 evadi:2 naaku:2 naku:2 neeku:2
niku:1.5 meeku:2 miku:1.5 maaku:2 manaki:2 vaallu:2 vallu:2 valla:1.5 vaalla:2 vaadi:2
vadi:1 nannu:2 ninnu:2 mimmalni:2 vallaki:2 vaallaki:2 emaina:2 edaina:2 evaraina:2
anni:1.5 annee:1.5 anduke:2 anduku:2 endukante:2 kosam:2 tarvata:2 taruvata:2 tarvatha:2
mundu:2 mundhu:2 dhanyavadalu:2 dhanyavaadalu:2 namaskaram:1.5 namaskaaram:1.5
kshaminchandi:2 sahayam:2 oka:2 okka:2 okati:2 moodu:2 naalugu:2 aidu:2 padi:0.6 vanda:1.5
veyyi:2 lo:0.5 tho:1.5 ki:0.4 ni:0.5 nundi:2 nunchi:2 varaku:2 daaka:2 dhaka:1.5 lopala:2
bayata:2 paina:2 kinda:2 meeda:2 yenti:2 yentra:2 annaru:2 annadu:2 anukunna:2
anukuntunna:2 anukunte:2 anipisthundi:2 anipistundi:2 anipinchindi:2 vinnanu:2 vinu:1.5
teesukondi:2 theesukondi:2 tisukondi:2 pampandi:2 pampinchandi:2 pettandi:2 pettu:1.5
pettadu:2 mottam:2 motham:2 inta:1.5 ee:1.5 adi:1.5 idi:1.5 avi:1 ivi:1.5 adhi:1 idhi:1
deeniki:2 daaniki:2 deni:1.5 dani:1 daani:2 emo:1.5 emaindi:2 emaindhi:2 emaiyindi:2 em:0.8
enni:2 entho:2 nachindi:2 nachindhi:2 nacchindi:2 nachaledu:2 nachhindi:2 ishtam:2 istam:1.5
ishtamm:2 adirindi:2 adhirindi:2 adiripoyindi:2 kirrak:2 keka:2 thopu:1.5 topu:1 hayiga:2
haayiga:2 andamga:2 andhamga:2 andamaina:2 andhamaina:2 chakkaga:2 chakkani:2 goppa:2
goppaga:2 adbhutam:2 adbhutanga:2 santosham:2 abhinandanalu:2 subhakankshalu:2
shubhakankshalu:2 vijayam:2 gelupu:2 gelichindi:2 gelicharu:2 siggu:2 sigguleni:2
siggulekunda:2 bokka:2 dobbindi:2 dengey:2 dengu:2 dengindi:2 kojja:2 lanja:2 lanjakoduku:2
lanjakodukulu:2 gadida:2 edava:2 yedava:2 vedhava:2 vedava:2 bewarse:1.5 bevarse:2 pandi:1.5
kukka:2 erripuku:2 pichodu:2 pichi:1.5 donga:2 dongalu:2 dongatanam:2 avineethi:2 lancham:2
narakam:2 ibbandi:2 ibbandulu:2 badha:1.5 bhadha:2 badhaga:2 kopam:2 bhayam:2 tappu:1.5
thappu:1 naasanam:2 nashanam:2 chachadu:2 chanipoyadu:2 chanipoyaru:2 champadu:2
champesaru:2 dharunam:2 darunam:2 samasya:1 manishi:2 manishitho:2 evarinaina:2
evaritho:2 evarikaina:2 adhikari:1 adhikaarini:2 tolaginchandi:2 tolagincandi:2
teeseyandi:2 teesiveyandi:2 samacharam:2 vivaralu:2 karentu:1 current:0.2 neellu:2
rodlu:2 roddu:2 gunta:1.5 guntalu:2 mandulu:2 jvaram:2 jwaram:2 aaspatri:1.5 aasupathri:2
badi:1.5 chaduvu:2 chadavali:2 raithu:2 raithulu:2 rythu:2 rythulu:2 panta:2 pantalu:2
dharalu:2 ration:0.2 biyyam:2 pinchan:2 pension:0.2 intlu:2 indlu:2 bassu:2 meeku:2
chusko:2 choosko:2 raasi:1 raayandi:2 rayandi:2 undaali:2 undali:2 cheyyochu:2 cheyochu:2
avvali:2 avvaali:2 ayite:2 aithe:2 aite:1.5 kabatti:2 ayina:1.5 aina:1 kuda:1 kooda:0.5
antunnaru:2 antunnadu:2 antaru:2 anta:1 annav:2 ochindi:2 oching:1 vachesindi:2 vellipoyindi:2
aipoyindi:2 ayipoyindhi:2 pothunnaru:2 chesthunnadu:2 chestunnadu:2 chesthundi:2 chestundi:2
unaru:1.5 unadu:1.5 unanu:1.5 ayitey:2 aithey:2 ayithe:2 ayite:2 gadu:1.5 gaadu:2 gadi:1 gaadi:1 gallu:2 gaallu:2 ekkuva:2 ekuva:2 akkuva:2 takkuva:2 lu:0.8
naa:0.5 ala:0.8 alaa:1 ilaa:1 ila:0.6 anna:0.5 chinna:0.5 kottu:0.5 bagundhi:2 untay:2 unnay:2
`;

const HI_WORDS = `
hai:2 hain:2 hein:2 hei:1 h:0.5 ho:0.8 hoga:2 hogi:2 honge:2 hoge:2 hota:2 hoti:2 hote:2 hua:2
hui:2 hue:2 tha:1 thi:1.5 the:0.1 hu:1 hoon:2 hun:0.5 nahi:2 nahin:2 nahee:2 nhi:2 nai:0.8
na:0.4 mat:0.3 kya:2 kyu:2 kyun:2 kyon:2 kyo:1.5 kaise:2 kaisa:2 kaisi:2 kab:2 kahan:2 kaha:1.5
kahaan:2 kaun:2 kon:1 kitna:2 kitne:2 kitni:2 kuch:2 kuchh:2 sab:1.5 sabhi:2 bhi:2 bhai:1.5
mein:2 me:0.3 main:0.3 mai:0.8 hum:1 ham:0.6 tum:1.5 aap:2 ap:0.5 apna:2 apne:2 apni:2 mera:2
meri:2 mere:2 tera:1.5 teri:2 tere:2 uska:2 uski:2 uske:2 unka:2 unki:2 unke:2 hamara:2
hamari:2 hamare:2 humara:2 humare:2 tumhara:2 tumhari:2 tumhare:2 aapka:2 aapki:2 aapke:2
apka:2 apki:2 apke:2 ye:1 yeh:2 wo:1 woh:2 vo:0.8 is:0.1 us:0.1 iss:1.5 uss:1.5 isko:2 usko:2
inko:2 unko:2 isse:2 usse:2 inse:2 unse:2 mujhe:2 mujhko:2 tujhe:2 humein:2 hume:1.5 humko:2
tumhe:2 tumko:2 aapko:2 apko:2 ko:1.5 ka:1.2 ki:1 ke:1.5 se:1.2 par:0.4 pe:0.8 tak:1 wala:2
wale:2 wali:2 waala:2 waale:2 waali:2 aur:2 or:0.2 lekin:2 magar:2 phir:2 fir:1 toh:2 to:0.3
hi:0.2 sirf:2 bahut:2 bohot:2 bohat:2 bahot:2 bht:2 bhut:2 bilkul:2 zyada:2 jyada:2 accha:2
achha:2 acha:2 achchha:2 achhi:2 acchi:2 achi:1 acche:2 ache:1.5 achhe:2 bura:2 buri:2 bure:2
ganda:2 gandi:2 gande:2 bekar:2 bekaar:2 bakwas:2 bakwaas:2 sahi:2 galat:2 galt:2 glat:2
theek:2 thik:2 pyaar:2 pyar:2 dil:1 log:0.5 logo:1 logon:2 desh:2 sarkar:2 sarkaar:2 neta:1.5
paani:2 bijli:2 sadak:2 sadke:2 sadkon:2 kaam:2 naukri:2 ghar:2 gaon:2 sheher:2 shehar:2
rupaye:2 paisa:2 paise:2 din:0.5 raat:2 abhi:2 ab:0.6 kal:0.8 aaj:2 jab:2 tab:0.5 yaha:2
yahan:2 waha:2 wahan:2 karo:2 karna:2 karne:2 karta:2 karti:2 karte:2 kar:1 kiya:2 kiye:2
kra:1.5 kro:2 krna:2 krne:2 kr:1.5 krte:2 raha:2 rahe:2 rahi:2 rha:2 rhe:2 rhi:2 gaya:2 gayi:2
gaye:2 gya:2 gyi:2 diya:2 dena:2 dete:2 de:0.5 do:0.2 lena:2 liya:2 le:0.3 lo:0.2 jao:2 jana:1.5
jaana:2 jaata:2 jaate:2 jata:1.5 jate:1.5 aana:1.5 aaya:2 aaye:2 aayi:2 dekho:2 dekh:2 dekha:2
suno:2 suna:2 bolo:2 bola:2 bolna:2 bolte:2 samajh:2 samjho:2 chahiye:2 chahie:2 chahte:2
chahta:2 sakta:2 sakte:2 sakti:2 milta:2 milega:2 milegi:2 mila:1.5 mili:1.5 milna:2 pata:1.5
pta:2 maloom:2 dhanyavad:2 dhanyawad:2 shukriya:2 namaste:1.5 kripya:2 krupya:2 madad:2 jaldi:2
turant:2 ji:0.8 yaar:1 bhaiya:2 bhaiyya:2 didi:1.5 beta:0.5 baat:2 baatein:2 bol:1 batao:2
bataiye:2 kijiye:2 dijiye:2 lijiye:2 rahiye:2 dekhiye:2 suniye:2 humne:2 maine:2 tumne:2
aapne:2 unhone:2 usne:2 isliye:2 kyunki:2 kyonki:2 jaise:2 waise:2 agar:2 warna:2 varna:1
matlab:2 sach:2 jhoot:2 jhooth:2 koi:2 kisi:2 kisko:2 kise:2 bas:0.5 kaafi:2 kafi:1.5 saath:2
sath:1.5 baad:2 pehle:2 pahle:2 upar:1.5 neeche:2 andar:2 bahar:2 liye:2 lie:0.3 hogaya:2
hogya:2 hojayega:2 jayega:2 jaayega:2 karega:2 karegi:2 karenge:2 denge:2 lenge:2 milenge:2
rahega:2 rahegi:2 chalega:2 lagta:2 lagti:2 lagte:2 laga:1.5 lagi:1.5 lage:1.5 pada:1 padi:0.5
pade:1 padta:2 chal:1 chalo:1.5 chalte:2 baitho:2 baith:1.5 hatao:2 mitao:2 mita:1 paaye:2
paye:1.5 paya:1.5 tu:0.8 tujh:2 tujhse:2 mujhse:2 humse:2 tumse:2 aapse:2 hamesha:2 kabhi:2
sabse:2 zaroor:2 jarur:2 jaroor:2 shayad:2 aisa:2 aisi:2 aise:2 jaisa:2 vaisa:2 itna:2 itni:2
itne:2 utna:2 bhot:2 bohut:2 karunga:2 dunga:2 lunga:2 jaunga:2 aaunga:2 karungi:2 rakho:2
rakhna:2 rakha:1.5 kaha:1.5 kehte:2 kehta:2 kaho:2 kahna:2 bataya:2 dikhta:2 dikhti:2
dikhai:2 mujhko:2 kitne:2 aadmi:2 insaan:2 insan:2 vyakti:2 adhikari:1 afsar:2 hatana:2
hata:1 mitana:2 jankari:2 jaankari:2 kisan:1.5 fasal:2 kheti:2 mehngai:2 mehangai:2 mahangai:2
mehengai:2 daam:2 bimari:2 bimaar:2 aspatal:2 aspataal:2 dawai:2 dawa:1.5 ilaj:2 ilaaj:2
naali:2 nali:1 kachra:2 kooda:1 gandagi:2 safai:2 rashan:2 rasan:1 padhai:2 naukriyan:2
berozgari:2 rozgar:2 chori:2 chor:1.5 police:0.1 rishwat:2 ghoos:2 bhrashtachar:2 ghotala:2
ghotale:2 chunav:2 neta:1.5 vote:0.1 party:0.1 bhagwan:2 bhagvan:2 khuda:2 allah:0.5
mubarak:1.5 badhai:2 badhaai:2 subhkamnaye:2 shubhkamnaye:2 shubhkamnayein:2 dhanyavaad:2
chutiya:2 chutiye:2 madarchod:2 bhenchod:2 behenchod:2 bsdk:2 bhosdike:2 gandu:1.5 harami:2
kamina:2 kamini:2 kutta:2 kutte:2 kutton:2 saala:2 saale:2 sale:0.3 suar:2 gadha:2 ullu:2
pagal:2 bewakoof:2 bevkoof:2 nalayak:2 nikamma:2 besharam:2 sharam:2 sharm:2 sharmnaak:2
dhikkar:2 laanat:2 lanat:2 barbaad:2 barbad:2 tabah:2 nuksaan:2 nuksan:2 pareshan:2
pareshani:2 dikkat:2 samasya:1 museebat:2 mushkil:2 dard:2 takleef:2 gussa:2 naraz:2 naraaz:2
nafrat:2 maut:2 hatya:1 khoon:2 danga:2 dangai:2 gunda:2 gundagardi:2 dhokha:2 dhoka:2
jhootha:2 loot:1 shandaar:2 shandar:2 zabardast:2 jabardast:2 kamaal:2 khoobsurat:2 sundar:2
pyara:2 pyari:2 mast:1 maza:2 mazaa:2 maja:1 majaa:2 khush:2 khushi:2 behtareen:2 umda:2
imaandar:2 imandar:2 izzat:2 samman:2 garv:2 gaurav:1 gourav:1.5 vikas:1 ashirwad:2
aashirwad:2 badhiya:2 badiya:2 badhia:2 bdhiya:2 wah:1.5 waah:2 jeet:1.5 jeetega:2 jeete:2
bachao:2 aag:2 hadsa:2 durghatna:2 baadh:2 jaan:1.5 maar:1.5 maarenge:2 marunga:2 dekhunga:2
haan:1.5 haa:0.5 han:0.5 haanji:2 jai:1.2 shree:1 shri:1 shriman:1 bhagwan:2 bharat:1 hindustan:1.5 mata:0.8
`;

const EN_WORDS = `
a an the and or but if then so because of to in on at by for with from about into over after
before under between through during without within up down out off again once here there when
where why how what which who whom whose this that these those i me my mine myself we us our
ours you your yours he him his she her hers it its they them their theirs is am are was were be
been being have has had having do does did doing done will would shall should can could may
might must not no nor only own same too very just also even still yet ever never always often
sometimes already all any both each few more most other some such than every many much lot lots
get got gets getting give gave given go goes going gone went come came coming make made making
take took taken see saw seen seeing know knew known think thought say said says tell told ask
asked want wanted need needed like liked love loved hate look looking looked watch watched
watching use used find found work working worked call called try trying tried feel felt leave
left put keep kept let seem help helped show showed hear heard play played run move live lived
believe bring brought happen happened write wrote sit stand lose lost pay paid meet include
continue set learn change lead understand follow stop create speak read spend grow open walk win
won offer remember consider appear buy wait waiting serve die send expect build stay fall cut
reach kill remain suggest raise pass sell require report decide pull good great bad best worst
better worse new old first last long little big small high low right wrong next early late young
important public sure real able free full true whole clear easy hard strong possible nice super
awesome amazing excellent beautiful happy sad poor rich thanks thank please sorry yes yeah okay ok
hello hi hey bro dude guys guy man woman people person friend friends family time year years day
days week month today tomorrow yesterday tonight morning night evening way thing things world life
hand part child children place case point government company number group problem fact movie
movies film films review reviews song songs music video videos trailer teaser scene story actor
actress acting director hero heroine fans fan comment comments channel subscribe watch episode
season series part show theatre theater ticket tickets release released box office hit flop mass
water power road roads school hospital doctor job jobs money price prices tax police election vote
votes party minister state country city village area street house home office team match game
cricket world cup news media twitter tweet post social because while though although however
really actually maybe probably definitely totally seriously literally anyway since until upon
against among around across behind beyond along toward towards i'm it's don't can't won't didn't
doesn't isn't wasn't aren't im dont cant wont didnt doesnt isnt thats whats u ur r n pls plz
lol omg wow yes no not done getting trying voice dub line character development dialogue
dialogues overall honest honestly review roast waiting surprise hope hopes wish wishes god bless
congratulations congrats birthday happy enjoy enjoyed funny fun cool fine well sir madam mam
support supported supporting problem problems issue issues complaint delete data remove details
information talk speak someone somebody anyone human agent officer staff representative
available help urgent emergency fire accident flood electricity light street lights drainage
garbage waste health education exam result results salary pension ration card housing bus train
transport safety corruption bribe farmer farmers crop crops rain price fuel petrol diesel gas
hindi english tamil telugu india indian
`;

// ---------------------------------------------------------------------------------------------
// Suffix patterns: romanized word endings typical of one language (applied only to words found
// in no lexicon, English included).

interface SuffixRule {
  re: RegExp;
  lang: IndicLanguage;
  weight: number;
}

const SUFFIX_RULES: SuffixRule[] = [
  // Tamil
  { re: /(kku|ukku|kkum)$/, lang: 'ta', weight: 0.7 },
  { re: /(nga|ngala|ngale|nganu|ngo)$/, lang: 'ta', weight: 0.8 },
  { re: /(anum|aanum|ennum)$/, lang: 'ta', weight: 0.8 },
  { re: /(udhu|uthu|idhu|ichu|ithu|aachu|achu|uchu)$/, lang: 'ta', weight: 0.7 },
  { re: /(ren|reen|reenga|ringa|rathu|radhu|rom)$/, lang: 'ta', weight: 0.5 },
  { re: /(kitta|kita|oda|odu|kaaga|kaga|ttu)$/, lang: 'ta', weight: 0.6 },
  { re: /(ula|ila|ala|ale|ile)$/, lang: 'ta', weight: 0.4 },
  { re: /(ama|aama)$/, lang: 'ta', weight: 0.4 },
  { re: /(gada|ngada|ngadi|ngappa)$/, lang: 'ta', weight: 1 },
  { re: /(iruku|irukku|irukum|irukom|irukken)$/, lang: 'ta', weight: 1.2 },
  { re: /(illa|illai)$/, lang: 'ta', weight: 1 },
  // Telugu
  { re: /(undi|undhi|indi|indhi|andi|andhi|endi|ndi)$/, lang: 'te', weight: 0.9 },
  { re: /(unnadu|unnaru|unnanu|unnadi|unnav|unnam|unnayi)$/, lang: 'te', weight: 1.2 },
  {
    re: /(tunna|thunna|tunnaru|thunnaru|tunnadu|thunnadu|tunnav|thunnav)$/,
    lang: 'te',
    weight: 1.2,
  },
  { re: /(tadu|thadu|tundi|thundi|stanu|sthanu|stham|stam|taru|tharu)$/, lang: 'te', weight: 0.7 },
  {
    re: /(sindi|chindi|sindhi|chindhi|ayindi|aindi|oyindi|poyindi|poindi)$/,
    lang: 'te',
    weight: 1.2,
  },
  { re: /(ledu|ledhu|aledu|leru|lekunda)$/, lang: 'te', weight: 1.2 },
  { re: /(poyaru|poyadu|chadu|sadu|saru|charu)$/, lang: 'te', weight: 0.9 },
  { re: /(adali|ndali|yyali|eyali|avali|aali|ali)$/, lang: 'te', weight: 0.6 },
  { re: /(alu|ulu|llu)$/, lang: 'te', weight: 0.5 },
  { re: /(ga|gaa)$/, lang: 'te', weight: 0.3 },
  { re: /(lo|tho|ki)$/, lang: 'te', weight: 0.2 },
  { re: /(garu|gaaru)$/, lang: 'te', weight: 0.8 },
  { re: /(sanu|chanu|nnanu|ranu|danu|thanu|tanu)$/, lang: 'te', weight: 0.8 },
  { re: /(adam|yadam|vadam|tadam|dadam)$/, lang: 'te', weight: 0.8 },
  // Hindi
  { re: /(ega|egi|enge|oge|ogi|ayega|aayega|egaa)$/, lang: 'hi', weight: 0.8 },
  { re: /(iye|iyega)$/, lang: 'hi', weight: 0.8 },
  { re: /(wala|wale|wali|waala|waale|waali)$/, lang: 'hi', weight: 1 },
  { re: /(kar|kr|karo|kro|karke|krke)$/, lang: 'hi', weight: 0.4 },
  { re: /(iyan|iyon|aon|on)$/, lang: 'hi', weight: 0.2 },
];

// ---------------------------------------------------------------------------------------------
// Lexicon construction

type Weights = Partial<Record<AnalyzerLanguage, number>>;

function parseWords(spec: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const item of spec.split(/\s+/)) {
    if (!item) continue;
    const [word, weight] = item.split(':');
    if (!word) continue;
    out.push([word, weight ? Number(weight) : 1]);
  }
  return out;
}

function buildLexicon(): { exact: Map<string, Weights>; loose: Map<string, Weights> } {
  const exact = new Map<string, Weights>();
  const loose = new Map<string, Weights>();
  const add = (map: Map<string, Weights>, key: string, lang: AnalyzerLanguage, w: number) => {
    const cur = map.get(key) ?? {};
    cur[lang] = Math.max(cur[lang] ?? 0, w);
    map.set(key, cur);
  };
  const sources: Array<[AnalyzerLanguage, string]> = [
    ['ta', TA_WORDS],
    ['te', TE_WORDS],
    ['hi', HI_WORDS],
    ['en', EN_WORDS],
  ];
  for (const [lang, spec] of sources) {
    for (const [word, w] of parseWords(spec)) {
      add(exact, word, lang, w);
      if (lang !== 'en' && word.length >= 4) add(loose, phoneticKey(word), lang, w * 0.45);
    }
  }
  return { exact, loose };
}

const LEXICON = buildLexicon();

interface PrefixRule {
  prefix: string;
  lang: IndicLanguage;
  weight: number;
}

// Verb stems that start many inflected forms ("panniyachu", "chestunnayi", "matladutunnaru").
const PREFIX_RULES: PrefixRule[] = [
  ...'pann irukk iruk sollu sonn paath paak vandh vanth kuduth podu mudiy theriy puriy kedaik kidaik pesu pesi koopd kooptu edukk eduth vaang pudich pidich'
    .split(' ')
    .map((prefix) => ({ prefix, lang: 'ta' as const, weight: 0.9 })),
  ...'ches chey chus chud chep chepp matlad maatlad vach vast vell unnar unnad untun ayy avut isth ichi teliy cheyy kavali nach pett tees'
    .split(' ')
    .map((prefix) => ({ prefix, lang: 'te' as const, weight: 0.9 })),
  ...'karw krw karwa kiy kary chahi sakt milt hog'
    .split(' ')
    .map((prefix) => ({ prefix, lang: 'hi' as const, weight: 0.6 })),
];

export interface WordEvidence {
  /** Evidence that counts towards choosing an Indic language at all. */
  weights: Weights;
  /** Evidence from words that are also English: only breaks ties between Indic languages. */
  weak: Weights;
  english: boolean;
}

/** Evidence of one romanized word for each language. */
export function romanWordEvidence(word: string): WordEvidence {
  const variants = runVariants(word);
  const w = variants[1] ?? word;
  let hit: Weights | undefined;
  for (const v of variants) hit ??= LEXICON.exact.get(v);
  const english = hit?.en !== undefined;
  if (!hit && w.length >= 5) hit = LEXICON.loose.get(phoneticKey(w));
  const weights: Weights = {};
  const weak: Weights = {};
  if (hit) {
    for (const lang of ['ta', 'hi', 'te'] as const) {
      const v = hit[lang];
      if (v === undefined) continue;
      if (english) weak[lang] = v;
      else weights[lang] = v;
    }
    return { weights, weak, english };
  }
  if (w.length >= 4 && /^[a-z]+$/.test(w)) {
    const suffix: Weights = {};
    for (const rule of SUFFIX_RULES) {
      if (rule.re.test(w)) suffix[rule.lang] = Math.max(suffix[rule.lang] ?? 0, rule.weight);
    }
    const prefix: Weights = {};
    for (const rule of PREFIX_RULES) {
      if (w.length >= rule.prefix.length + 2 && w.startsWith(rule.prefix)) {
        prefix[rule.lang] = Math.max(prefix[rule.lang] ?? 0, rule.weight);
      }
    }
    for (const lang of ['ta', 'hi', 'te'] as const) {
      const v = (suffix[lang] ?? 0) + (prefix[lang] ?? 0);
      if (v > 0) weights[lang] = Math.min(1.5, v);
    }
  }
  return { weights, weak, english: false };
}

// ---------------------------------------------------------------------------------------------
// Detection

export interface ScriptShare {
  indic: number;
  latin: number;
  /** Words per Indic script. */
  ta: number;
  hi: number;
  te: number;
}

export function scriptShare(tokens: Token[]): ScriptShare {
  const s: ScriptShare = { indic: 0, latin: 0, ta: 0, hi: 0, te: 0 };
  for (const t of tokens) {
    if (t.script === 'latin') s.latin++;
    else if (t.script === 'ta' || t.script === 'hi' || t.script === 'te') {
      s.indic++;
      s[t.script]++;
    }
  }
  return s;
}

export function classifyScript(share: ScriptShare): Script {
  const total = share.indic + share.latin;
  if (total === 0) return 'native';
  const r = share.indic / total;
  if (r >= 0.9) return 'native';
  if (r <= 0.1) return 'roman';
  return 'mixed';
}

export interface LanguageScores {
  /** Evidence per language; native-script words weigh 3 each. */
  strong: Record<AnalyzerLanguage, number>;
  /** Evidence from words that are also English, used only to break ties. */
  weak: Record<IndicLanguage, number>;
}

/** Evidence per language for a token list. Each distinct romanized word counts once. */
export function languageScores(tokens: Token[]): LanguageScores {
  const strong: Record<AnalyzerLanguage, number> = { ta: 0, hi: 0, te: 0, en: 0 };
  const weak: Record<IndicLanguage, number> = { ta: 0, hi: 0, te: 0 };
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.script === 'ta' || t.script === 'hi' || t.script === 'te') {
      strong[t.script] += 3;
      continue;
    }
    if (t.script !== 'latin' || /\d/.test(t.text)) continue;
    const key = collapseRuns(t.text);
    if (seen.has(key)) continue;
    seen.add(key);
    const ev = romanWordEvidence(t.text);
    if (ev.english) strong.en += 1;
    for (const lang of ['ta', 'hi', 'te'] as const) {
      strong[lang] += ev.weights[lang] ?? 0;
      weak[lang] += ev.weak[lang] ?? 0;
    }
  }
  return { strong, weak };
}

const INDIC_THRESHOLD = 0.95;

export function detectLanguage(text: string): LanguageResult {
  const tokens = tokenize(text);
  const share = scriptShare(tokens);
  const script = classifyScript(share);
  const { strong, weak } = languageScores(tokens);

  const rank = (l: IndicLanguage) => strong[l] + 0.25 * weak[l];
  const order = (['ta', 'hi', 'te'] as const).slice().sort((x, y) => rank(y) - rank(x));
  const best = order[0] ?? 'ta';
  const bestScore = strong[best];
  const second = rank(order[1] ?? 'hi');

  if (share.indic > 0 || bestScore >= INDIC_THRESHOLD) {
    const native = share.indic > 0 && script !== 'roman';
    const margin = rank(best) > 0 ? (rank(best) - second) / rank(best) : 0;
    const confidence = native
      ? 0.75 + 0.24 * margin
      : Math.min(0.95, 0.35 + 0.3 * margin + 0.05 * Math.min(bestScore, 6));
    return { language: best, script, confidence: round2(confidence) };
  }

  // English, or nothing recognisable. Latin is English's own script, so it reports 'native'.
  const latinWords = new Set(tokens.filter((t) => t.script === 'latin').map((t) => t.text)).size;
  const confidence =
    latinWords === 0 ? 0.2 : 0.3 + 0.6 * Math.min(1, strong.en / latinWords) - 0.15 * bestScore;
  return { language: 'en', script: 'native', confidence: round2(confidence) };
}

function round2(n: number): number {
  return Math.round(Math.max(0, Math.min(1, n)) * 100) / 100;
}
