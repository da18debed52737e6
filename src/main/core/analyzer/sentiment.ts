// Lexicon-based sentiment for Tamil, English, Hindi and Telugu, in native script and romanized.
// Hand-written lexicons; negation (before the word in English and Hindi, after it in Tamil,
// Telugu and Hindi), intensifiers, contrast ("but"/"aana"/"lekin"/"kani") and emoji.

import {
  collapseRuns,
  runVariants,
  phoneticKey,
  stripNoise,
  wordScript,
  type AnalyzerLanguage,
} from './language.ts';

export type Direction = 'before' | 'after' | 'both';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentResult {
  sentiment: SentimentLabel;
  /** -1 (very negative) .. 1 (very positive). */
  score: number;
  confidence: number;
}

/** |score| below this is neutral. */
export const NEUTRAL_THRESHOLD = 0.2;

/** Weight of a negator that negates no sentiment word (mildly negative). */
const BARE_NEGATION = -0.4;

// ---------------------------------------------------------------------------------------------
// Lexicons: "word:score"; a trailing "*" on the word matches it as a stem (prefix), which suits
// agglutinative Tamil and Telugu ("அருமை*" matches "அருமையான"). Scores are -3 .. 3.

const EN_LEX = `
good:2 great:2.5 excellent:3 awesome:3 amazing:3 super:2.5 superb:3 nice:2 best:2.5 love:2.5
loved:2.5 lovely:2.5 loving:2 like:0.5 liked:1.5 happy:2.5 glad:2 thanks:2 thank:2
thankyou:2 thanku:2 thx:1.5 tq:1.5 wonderful:3 fantastic:3 beautiful:2.5 brilliant:3 perfect:2.5
congratulations:2.5 congrats:2.5 wow:2 cool:1.5 fine:1 helpful:2 appreciate:2 appreciated:2
proud:2 success:2 successful:2 win:2 won:1.5 winner:2 blockbuster:2.5 fabulous:3 outstanding:3
favourite:2 favorite:2 enjoy:2 enjoyed:2 excited:2 exciting:2 interesting:1.5 genuine:1.5
respect:1.5 bless:2 blessed:2 blessing:2 blessings:2 wishes:1.5 hope:1 support:1 better:1
improved:1.5 improvement:1.5 solved:2 fixed:1.5 resolved:2 kind:1.5 grateful:2.5 welcome:1.5
masterpiece:3 legend:2 rocking:2.5 rocks:2 marvelous:3 splendid:3 cute:2 sweet:2 fun:1.5
hilarious:1.5 lov:2 luv:2 peace:1 peaceful:1.5 safe:1 clean:1 honest:1.5 smart:1.5 strong:1 victory:2
celebrate:2 celebration:2 goosebumps:2 salute:2 hats:1 mindblowing:3
terrific:3 terrific:3 nicely:1.5 finally:0.5 worth:1.5 recommended:1.5 impressive:2.5 impressed:2
well:0.5 yay:2 hurray:2 lol:0.3 haha:0.5 hahaha:0.5 :):1.5 gem:2 classic:1.5 epic:2 stunning:2.5
glorious:2.5 unbelievable:1 heart:1 inspiring:2 inspiration:2 useful:1.5 pleasure:2
bad:-2.5 worst:-3 worse:-2.5 poor:-2 terrible:-3 horrible:-3 awful:-3 hate:-3 hated:-3 hates:-3
waste:-2.5 wasted:-2.5 useless:-2.5 boring:-2.5 bored:-2 disappointed:-2.5 disappointing:-2.5
disappointment:-2.5 disappoint:-2 sad:-2 angry:-2.5 annoying:-2 annoyed:-2 problem:-1.5
problems:-1.5 issue:-1 issues:-1 complaint:-1.5 complaints:-1.5 fail:-2 failed:-2 failure:-2
fails:-2 flop:-2.5 disaster:-3 pathetic:-3 shame:-2.5 shameful:-3 shameless:-3 disgusting:-3
disgrace:-3 stupid:-2.5 idiot:-3 idiots:-3 fool:-2.5 fools:-2.5 nonsense:-2.5 rubbish:-2.5
fake:-2 fraud:-3 corrupt:-2.5 corruption:-2.5 scam:-2.5 liar:-3 liars:-3 lie:-1.5 lies:-2
cheat:-2.5 cheated:-2.5 cheating:-2.5 loot:-2.5 looting:-2.5 dirty:-2 broken:-2 damage:-2
damaged:-2 dead:-2 death:-2 died:-2 dies:-2 kill:-2.5 killed:-2.5 killing:-2.5 murder:-3
attack:-2 attacked:-2 attacking:-2 violence:-2.5 riot:-2.5 riots:-2.5 crime:-2 crimes:-2
criminal:-2.5 criminals:-2.5 racist:-3 abuse:-2.5 abused:-2.5 suffer:-2 suffering:-2.5
suffered:-2 pain:-2 painful:-2 hurt:-2 hurts:-2 cry:-1.5 crying:-1.5 worried:-1.5 worry:-1.5
fear:-1.5 scared:-2 danger:-2 dangerous:-2 sick:-1.5 disease:-1.5 accident:-2 delay:-1.5
delayed:-1.5 mediocre:-1.5 overacting:-2 ruined:-2.5 ruin:-2 ruins:-2 cringe:-2 sucks:-3
sucker:-2.5 suck:-2.5 lag:-1 lagging:-1.5 negative:-1 bullshit:-3 damn:-1.5 wtf:-2 crap:-2.5
trash:-2 garbage:-1 leak:-1.5 leaking:-1.5 leakage:-1.5 shortage:-2 unemployment:-1.5
poverty:-1.5 hungry:-1.5 starving:-2.5 pending:-1 ignored:-2 ignoring:-1.5 neglect:-2
neglected:-2 careless:-2 irresponsible:-2.5 bribe:-2.5 harassment:-2.5 harass:-2.5 threat:-2
threatened:-2 unsafe:-2 pothole:-1.5 potholes:-1.5 flood:-1.5 flooded:-2 outage:-2 powercut:-2
stuck:-1.5 dirty:-2 smell:-1 stinks:-2 stinking:-2 mess:-2 chaos:-2 struggle:-1.5 struggling:-2
blame:-1.5 wrong:-1.5 mistake:-1.5 sorry:-0.5 unfortunately:-1.5 unfortunate:-2 tragic:-2.5
tragedy:-2.5 lost:-1 lose:-1 loser:-2.5 losers:-2.5 hell:-1.5 ugly:-2.5 weak:-1.5 nasty:-2.5
evil:-2.5 worthless:-3 hopeless:-2.5 helpless:-2 dumb:-2.5 lazy:-2 rude:-2.5 insult:-2
insulting:-2.5 terror:-2.5 terrorist:-2.5 terrorists:-2.5 supremacist:-2.5 supremacists:-2.5
racism:-2.5 hypocrite:-2.5 hypocrisy:-2.5 propaganda:-2 traitor:-3 traitors:-3 fuck:-2.5
fucking:-2 shit:-2 bitch:-3 bastard:-3 asshole:-3 moron:-3 morons:-3 sick:-2 sickening:-3
unable:-1 cannot:-0.5 expensive:-1.5 costly:-1.5 inflation:-1.5 disappointing:-2.5
thrilled:2.5 delighted:2.5 satisfied:2 pleased:2 hopeful:1.5 optimistic:1.5 relief:1.5 relieved:2
proudly:2 kudos:2.5 bravo:2.5 cheers:1.5 praise:2 praised:2 admire:2 admirable:2.5 wonderfully:3
superbly:3 heartwarming:2.5 touching:1.5 enjoying:2 lucky:1.5 fortunate:1.5
unsatisfied:-2 dissatisfied:-2 upset:-2 frustrated:-2.5 frustrating:-2.5 depressed:-2.5
depressing:-2.5 miserable:-3 furious:-3 outraged:-3 outrage:-2.5 shocking:-2 shocked:-1.5
ridiculous:-2 absurd:-2 unfair:-2 injustice:-2.5 clown:-2 incompetent:-2.5 inefficient:-2
collapse:-2 collapsed:-2 protest:-1 victims:-2 victim:-2 war:-2 bomb:-2 blast:-1.5 injured:-2
arrested:-1.5 suppression:-2 aggression:-2 contaminated:-2.5 cancer:-1.5 virus:-1 poison:-2.5
toxic:-2.5 scandal:-2.5 shameless:-3 crook:-3 crooks:-3 thief:-2.5 thieves:-2.5 goons:-2.5
disgusted:-3 annoy:-2 irritating:-2 irritated:-2 nuisance:-2 harassed:-2.5
`;

const TA_LEX = `
nalla*:2 nallaa:2 nallathu:2 nallarukku:2.5 nallaruku:2.5 super:2.5 semma:2.5 sema:2 arumai*:3
azhag*:2 alagu:2 alaga:1.5 mass:2 massu:2 veralevel:3 thalaiva:1.5 thalaivaa:1.5
thalaivar:1.5 vazhthu*:2.5 vaazhthu*:2.5 valthu*:2.5 nandri:2 nanri:2 magizhchi:2.5 santhosh*:2.5
sandhosh*:2.5 sirapp*:2.5 tharamana:2.5 kalakk*:2.5 kalakal:2.5 therikk*:2 therikudhu:2.5
therikuthu:2.5 theri:1.5 gethu:2 getha:2 kethu:1.5 sooper:2.5 suuper:2.5 vetri:2 jeyikk*:2
pudichirukku:2.5 pudichiruku:2.5 pidichirukku:2.5 pidikkum:2 pudikkum:2 pudikum:2 anbu:1.5
nambikkai:1 kadavul:0.5 vaazhga:2 vazhga:2 valga:2 vaalga:2 arpudham:3 arputham:3 perumai:2
jollya:1.5 jolly:1.5 aasai:1 pramaadham:2.5 pramadham:2.5 thrill:1.5 sirappana:3
sirappu:2.5 nallavan:1.5 nallavar:1.5 nallavanga:1.5 superu:2.5 semmaya:2.5
mokka*:-2.5 kevalam*:-3 kevala*:-3 mosam*:-2.5 asing*:-2.5 kodumai*:-2.5 thollai*:-2 prachan*:-1.5
pirachan*:-1.5 prechan*:-1.5 kashtam*:-2 kastam*:-2 kovam:-2 kobam:-2 veruppu:-2 verupu:-2
vetti:-1.5 thappu:-1.5 thavaru:-1.5 paavam:-1 pavam:-1 bayam:-1.5 bayama:-1.5 azhuga*:-1.5
aluga*:-1.5 saavu:-2 sethu:-1 setthu:-1.5 kolai*:-2.5 kollai*:-2.5 thiruttu*:-2.5 thirudan*:-2.5
naasam*:-2.5 nasam*:-2 ketta:-1.5 kettavan:-2 kettupochu:-2 pudikala:-2.5 pudikkala:-2.5
pidikkala:-2.5 pidikala:-2.5 pudikkathu:-2 pidikkathu:-2 puriyala:-1 puriyale:-1 mudiyala:-1.5
mudila:-1.5 loosu:-2.5 paithiyam:-2.5 paithiya*:-2.5 porukki:-3 poriki:-3 naaye:-3 naai:-2
punda*:-3 pundai*:-3 otha:-3 ommala:-3 thevdiya*:-3 thevidiya*:-3 koothi*:-3 sunni:-3 baadu:-2.5
badu:-2 dubakur:-2 sothappal:-2.5 sothappu*:-2.5 bore:-1.5 boru:-1.5 mokkai:-2.5
yematha*:-2 yemaathu*:-2 emathu*:-2 emaathu*:-2 droha*:-2.5 durogam:-2.5 oozhal:-2.5 lanjam:-2.5
kasthamaa:-2 kevalamaa:-3 vali:-1.5 vedhanai:-2 vethanai:-2 avamaanam:-2.5 avamanam:-2.5
kozhappam:-1.5 mattama:-2 mattamana:-2 kadupu:-1.5 kaduppu:-1.5 erichal:-1.5 karumam:-2
karumamda:-2 ayyo:-0.5 aiyo:-0.5 ayyayo:-1 venam:-0.5 vendam:-0.5 sari:0.3 seri:0.3
நல்ல*:2 நன்று:2 நன்றாக:2 அருமை*:3 அழகு*:2 அழகான:2 சூப்பர்*:2.5 செம*:2.5 செம்ம*:2.5 மாஸ்*:2
வாழ்த்து*:2.5 நன்றி*:2 மகிழ்ச்சி*:2.5 சந்தோஷ*:2.5 சந்தோச*:2.5 சிறப்பு*:2.5 சிறந்த*:2.5
தரமான:2.5 வெற்றி*:2 பிடிக்கும்:2 பிடித்த*:2 பிடிச்சிருக்கு:2.5 அன்பு*:1.5 பாராட்டு*:2.5 கலக்கல்*:2.5
கலக்கு*:2 தெறி*:2 அற்புத*:3 பெருமை*:2 வீர*:1 மேன்மேலும்:2 வளர:1 வாழ்க:2 உதவி*:1
நம்பிக்கை*:1 லெவல்:1.5 பிரமாத*:2.5 இனிய*:2 இனிமை*:2 அசத்த*:2.5 அசத்தல்*:2.5 ரசி*:1.5
மோசம்*:-2.5 மோசமான:-2.5 மொக்க*:-2.5 கேவல*:-3 அசிங்க*:-2.5 கொடுமை*:-2.5 தொல்லை*:-2
பிரச்சனை*:-1.5 பிரச்சினை*:-1.5 கஷ்ட*:-2 கோப*:-2 வெறுப்பு*:-2 தப்பு*:-1.5 தவறு*:-1.5
பாவம்:-1 பய*:-1 அழுகை*:-1.5 சாவு*:-2 செத்து*:-1.5 கொலை*:-2.5 கொள்ளை*:-2.5 திருட்டு*:-2.5
திருட*:-2 ஏமாற்ற*:-2 ஏமாத்த*:-2 ஏமாத்து*:-2 நாசம்*:-2.5 நாசமா*:-2.5 கெட்ட*:-1.5 வலி*:-1.5
வேதனை*:-2 துரோக*:-2.5 ஊழல்*:-2.5 அநியாய*:-2.5 அநீதி*:-2.5 லஞ்ச*:-2.5 பொய்*:-2 பைத்திய*:-2.5
ஓத்தா*:-3 ங்கோத்தா*:-3 இங்கோத்தா*:-3 ஒத்த*:-1 தேவடியா*:-3 தேவிடியா*:-3 புண்ட*:-3 சுன்னி*:-3
கூதி*:-3 நாய்*:-2 பன்னி*:-2 வெறி*:-1 அவமான*:-2.5 கண்டன*:-2 எதிர்ப்பு*:-1 போராட்ட*:-1
சோக*:-2 துயர*:-2 இழப்பு*:-2 விபத்து*:-2 பாதிப்பு*:-2 பாதிக்க*:-1.5 குற்ற*:-2 சாதி*:-0.5
paravailla:1 paravala:1 paravaillai:1 adipoli:2.5 jeyichu:2 jeichitom:2.5 jeyichitom:2.5
nallairuku:2.5 nallairukku:2.5 azhagana:2 arumaiyaana:3 kalakiteenga:2.5 kalakkiteenga:2.5
santhoshama:2.5 magizhchiyana:2.5 nanringa:2 nandringa:2 thanksu:2
kandravi:-2.5 kanraavi:-2.5 aruvaruppu:-2.5 sogam:-2 sogama:-2 kavalai:-1.5 kavala:-1.5
kodumaiyana:-2.5 erichala:-1.5 sothapal:-2.5 sothappal:-2.5 mattam:-2 kevalamana:-3
mosamaana:-2.5 verupa:-2 miratal:-2 mirattal:-2 avamanama:-2.5 yemathitanga:-2.5 emathitanga:-2.5
பரவாயில்லை:1 கவலை*:-1.5 கண்றாவி*:-2.5 அருவருப்*:-2.5 மிரட்ட*:-2 ஜெயி*:2 சாதனை*:2 பெருமித*:2
மகிழ்*:2 இன்ப*:2 வெறுப்ப*:-2 எரிச்சல்*:-2 சலிப்*:-2 ஏமாற்றம்:-2.5 அவல*:-2.5 பரிதாப*:-1.5
`;

const HI_LEX = `
accha:2 achha:2 acha:2 achchha:2 achhi:2 acchi:2 achi:1.5 acche:2 ache:1.5 achhe:2 badhiya:2.5
badiya:2.5 badhia:2.5 bdhiya:2.5 shandaar:3 shandar:3 zabardast:3 jabardast:3 kamaal:2.5
kamal:1 khoobsurat:2.5 sundar:2.5 pyaar:2 pyar:2 pyara:2 pyari:2 mast:2 maza:2 mazaa:2
maja:1.5 majaa:2 khush:2.5 khushi:2.5 shukriya:2 dhanyavad:2 dhanyawad:2 dhanyavaad:2 badhai:2.5
badhaai:2.5 mubarak:2 mubarakbad:2.5 mubarakbaad:2.5 subhkamnaye:2.5 shubhkamnaye:2.5
shubhkamnayein:2.5 shubhkamna:2.5 shubh:1.5 jeet:2 jeeta:2 jeetega:2 jeetenge:2 jeete:1.5 wah:2
waah:2 vah:1.5 behtareen:3 behtar:1.5 umda:2.5 sahi:1 imaandar:2 imandar:2 izzat:1.5 samman:1.5
garv:2 gaurav:1.5 gourav:1.5 vikas:1 ashirwad:2 aashirwad:2 bhala:1 prem:2 dua:1.5 duaen:1.5
duayen:1.5 abhinandan:2.5 pranam:1 naman:1 salaam:1 salam:1 jai:1 zindabad:2 shabash:2.5
shaandaar:3 lajawab:3 lajawaab:3 badhiyaa:2.5 sukoon:2 aaram:1 safal:2 safalta:2 mubaraq:2
khoob:1.5 anand:1.5 aanand:1.5 pasand:1.5 khushnaseeb:2 bhagyashali:2 sach:0.5 imaan:0.5
bura:-2.5 buri:-2.5 bure:-2.5 bekar:-2.5 bekaar:-2.5 bakwas:-3 bakwaas:-3 ghatiya:-3 gatiya:-3
ganda:-2.5 gandi:-2.5 gande:-2.5 kharab:-2.5 kharaab:-2.5 khrab:-2.5 galat:-2 galt:-2 glat:-2
jhooth:-2 jhoot:-2 jhootha:-2.5 jhoothe:-2.5 jhuth:-2 dhokha:-2.5 dhoka:-2.5 dhokebaaz:-3
chor:-2.5 chori:-2 lootera:-2.5 lutere:-2.5 bhrasht:-2.5 bhrashtachar:-2.5 ghotala:-2.5
ghotale:-2.5 dukh:-2 dukhi:-2 udaas:-2 udas:-2 pareshan:-2 pareshani:-2 dikkat:-1.5 samasya:-1.5
museebat:-2 musibat:-2 mushkil:-1.5 dard:-2 takleef:-2 taklif:-2 gussa:-2 naraz:-2 naraaz:-2
nafrat:-2.5 sharam:-2 sharm:-2 besharam:-3 sharmnaak:-3 sharmnak:-3 dhikkar:-3 laanat:-3
lanat:-3 maut:-2 hatya:-2.5 khoon:-2 danga:-2.5 dange:-2.5 dangai:-2.5 gunda:-2.5 gunde:-2.5
gundagardi:-2.5 satyanash:-3 barbaad:-2.5 barbad:-2.5 tabah:-2.5 nuksaan:-2 nuksan:-2 darr:-1.5
pagal:-2 bewakoof:-2.5 bevkoof:-2.5 murkh:-2.5 nalayak:-3 nikamma:-3 nikamme:-3 kamina:-3
kamine:-3 kamini:-3 harami:-3 haramkhor:-3 kutta:-2.5 kutte:-2.5 kutton:-2.5 kutto:-2.5 suar:-3
suwar:-3 suver:-3 gadha:-2.5 gadhe:-2.5 ullu:-2 chutiya:-3 chutiye:-3 chutiyapa:-3 ch00tye:-3
madarchod:-3 bhenchod:-3 behenchod:-3 bc:-2 mc:-2 bsdk:-3 bhosdike:-3 bhosdi:-3 gandu:-3
randi:-3 saala:-2 saale:-2 sala:-1 kambakht:-2.5 chamcha:-2 chamche:-2 feku:-2 pappu:-1.5
jahil:-2.5 jaahil:-2.5 gaddar:-3 gaddaar:-3 deshdrohi:-3 aatanki:-2.5 aatankwadi:-2.5
backchodi:-2.5 bakchodi:-2.5 faltu:-2 faaltu:-2 bekaar:-2.5 bhikhari:-2.5 bhikhmange:-2.5
mahangai:-2 mehngai:-2 mehangai:-2 berozgari:-2 garibi:-1.5 bhookh:-1.5 rishwat:-2.5 ghoos:-2.5
andhbhakt:-2 dhongi:-2.5 pakhandi:-2.5 nautanki:-2 tamasha:-1 kalank:-2.5 badnaam:-2
badnam:-2 ganwar:-2.5 gawar:-2.5 kaayar:-2.5 kayar:-2.5 dogla:-2.5 dogle:-2.5 ghinona:-3
अच्छा:2 अच्छी:2 अच्छे:2 बढ़िया:2.5 बढ़िया:2.5 शानदार:3 जबरदस्त:3 ज़बरदस्त:3 कमाल:2.5 सुंदर:2.5
सुन्दर:2.5 खूबसूरत:2.5 ख़ूबसूरत:2.5 प्यार:2 प्रेम:2 प्यारा:2 प्यारी:2 मस्त:2 मज़ा:2 मजा:2 खुश:2.5
ख़ुश:2.5 खुशी:2.5 ख़ुशी:2.5 शुक्रिया:2 धन्यवाद:2 बधाई:2.5 मुबारक:2 शुभकामना*:2.5 शुभ:1.5 जीत*:2
वाह:2 बेहतर:1.5 बेहतरीन:3 उम्दा:2.5 सही:1 ईमानदार:2 ईमानदारी:1.5 सम्मान*:1.5 गर्व:2 गौरव:1.5
विकास:1 आशीर्वाद:2 भला:1 दुआ:1.5 सफल*:2 सफलता:2 मजबूत:1.5 मज़बूत:1.5 मदद:1 सुरक्षित:1.5
शांति:1.5 उत्साह:2 आनंद:2 स्वागत:1.5 प्रशंसा:2 सराहना:2 सराहनीय:2.5 उपलब्धि:2 लाभ:1.5 फायदा:1.5
फ़ायदा:1.5 राहत:1.5 सुविधा*:1 बरकरार:1.5 सुगम:1.5 महान:2.5 श्रेष्ठ:2.5 प्रिय:1.5 अभिनंदन:2.5
प्रणाम:1 नमन:1 जय:1 ज़िंदाबाद:2 जिंदाबाद:2 शाबाश:2.5 लाजवाब:3 बेमिसाल:3 अद्भुत:3 पसंद:1.5
आसान:1 खूब:1 बेस्ट:2 सुपर:2 लव:2 मुस्कान:2 आभार:2 सशक्त*:1.5 समृद्ध*:1.5 कल्याण:1 उन्नति:2
बुरा:-2.5 बुरी:-2.5 बुरे:-2.5 बेकार:-2.5 बकवास:-3 घटिया:-3 गंदा:-2.5 गंदी:-2.5 गंदे:-2.5
गन्दा:-2.5 खराब:-2.5 ख़राब:-2.5 गलत:-2 ग़लत:-2 झूठ:-2 झूठा:-2.5 झूठे:-2.5 धोखा:-2.5
धोखे*:-2.5 चोर:-2.5 चोरी:-2 लूट*:-2.5 भ्रष्ट*:-2.5 घोटाला:-2.5 घोटाले:-2.5 दुख:-2 दुःख:-2
दुखी:-2 उदास:-2 परेशान:-2 परेशानी:-2 दिक्कत:-1.5 समस्या*:-1.5 मुसीबत:-2 मुश्किल:-1.5 दर्द:-2
तकलीफ:-2 तकलीफ़:-2 गुस्सा:-2 नाराज:-2 नाराज़:-2 नफरत:-2.5 नफ़रत:-2.5 शर्म*:-2 शर्मनाक:-3
धिक्कार:-3 लानत:-3 मौत:-2 मृत्यु:-2 हत्या*:-2.5 खून:-2 दंगा:-2.5 दंगे:-2.5 गुंडा*:-2.5
गुंडागर्दी:-2.5 बर्बाद*:-2.5 तबाह*:-2.5 नुकसान:-2 डर:-1.5 पागल:-2 बेवकूफ:-2.5 बेवकूफ़:-2.5
मूर्ख:-2.5 नालायक:-3 निकम्मा:-3 निकम्मे:-3 कमीना:-3 कमीने:-3 हरामी:-3 कुत्ता:-2.5 कुत्ते:-2.5
सुअर:-3 गधा:-2.5 उल्लू:-2 चूतिया:-3 हमला*:-2 हमले:-2 आतंक*:-2.5 हिंसा:-2.5 अपराध*:-2
बीमार*:-1.5 संक्रमण:-1.5 घातक:-2.5 हादसा:-2.5 हादसे:-2.5 दुर्घटना:-2.5 बाढ़:-2 सूखा:-1.5
कमी:-1 तनाव:-1.5 विरोध:-1 आरोप*:-1.5 गिरफ्तार*:-1.5 कमजोर:-1.5 कमज़ोर:-1.5 असफल:-2 विफल:-2
नाकाम*:-2 संकट:-2 खतरा:-2 ख़तरा:-2 खतरनाक:-2.5 ठग*:-2.5 रिश्वत:-2.5 अन्याय:-2.5 अत्याचार:-3
शोषण:-2.5 बेरोजगारी:-2 गरीबी:-1.5 भूख:-1.5 महंगाई:-2 मंहगाई:-2 बेपरवाह:-2 लापरवाह*:-2
हराम:-2 जुमला:-2 जुमले:-2 गद्दार:-3 देशद्रोही:-3 कायर:-2.5 बदनाम*:-2 निंदा*:-2 निंदनीय:-3
शिकायत:-1.5 पीड़ित:-2 पीड़ा:-2 मारपीट:-2.5 बलात्कार:-3 हार:-1.5 घाटा:-2 भय:-1.5
aakrosh:-2 akrosh:-2 nirash:-2.5 niraash:-2.5 nirasha:-2.5 chinta:-1.5 dukhad:-2.5 ghayal:-2
bawal:-1.5 hungama:-1.5 jhol:-1.5 dhokebaz:-3 badtameez:-2.5 badtamiz:-2.5 ghamand:-2 ghamandi:-2
khushkhabri:2.5 khushkhabari:2.5 shaandaar:3 behtreen:3 lajawab:3
dhanywad:2 dhanyvad:2 aabhar:2 abhaar:2 shukria:2
आक्रोश*:-2 गिरावट:-1.5 दोस्ताना:2 भरपूर:1 बढ़ोतरी:1 वृद्धि:1 दुखद:-2.5 निराश*:-2.5 हताश*:-2.5
चिंता:-1.5 चिंताजनक:-2.5 बदहाल*:-2.5 लापता:-1.5 घायल:-2 जख्मी:-2 ज़ख्मी:-2 आग:-1.5 हंगामा:-1.5
बवाल:-1.5 विवाद*:-1.5 धरना:-1 हड़ताल:-1 उत्कृष्ट:3 प्रशंसनीय:2.5 खुशखबरी:2.5 खुशहाल*:2 शहीद:-1
मारे:-1.5 मौतें:-2 मौत*:-2 डूब*:-1.5 ठप:-2 अव्यवस्था:-2 बेहाल:-2.5 घोटाल*:-2.5 उपद्रव*:-2.5
जुर्म:-2 कातिल:-3 साजिश:-2 साज़िश:-2 पाखंड*:-2.5 ढोंग*:-2.5 कलंक*:-2.5 बेशर्म*:-3 निर्मम:-2.5
`;

const TE_LEX = `
bagundi:2.5 baagundi:2.5 bagundhi:2.5 bagunnadi:2.5 bagunna:2 bagund*:2.5 bavundi:2.5 bavundhi:2.5
baga:1.5 baaga:1.5 manchi:2 manchiga:2 manchidi:2 super:2.5 superb:3 adbhut*:3 adirindi:3
adhirindi:3 adiri*:3 adhiri*:3 adurs:3 kirrak:3 keka:2.5 thopu:2 mass:2 ishtam:2 istam:2
ishtamm:2 prema:1.5 premistunna:2 santosham:2.5 santhosham:2.5 dhanyavad*:2 abhinandan*:2.5
subhakankshalu:2.5 shubhakankshalu:2.5 vijayam:2 gelupu:2 gelich*:2 hayiga:2 haayiga:2
andam*:2 andham*:2 chakkaga:2 chakkani:2 goppa*:2 nachindi:2.5 nachhindi:2.5 nacchindi:2.5
nachindhi:2.5 nachchindi:2.5 sooper:2.5 pichekkinch*:2.5 ragile:2 bhale:1.5 bale:1 jai:1
chalabagundi:3 bagundhi:2.5 manchipani:2 sahayam:1 vandanalu:1.5 namaskaram:0.5
chetta:-2.5 chettha:-2.5 chethha:-2.5 waste:-2.5 bokka:-2.5 dobbindi:-2.5 dobbesadu:-2.5 flop:-2.5
bore:-2 kastam:-2 kashtam:-2 badha:-2 bhadha:-2 badhaga:-2 kopam:-2 bayam:-1.5 bhayam:-1.5
tappu:-1.5 thappu:-1.5 mosam:-2.5 donga:-2.5 dongalu:-2.5 dongatanam:-2.5 avineethi:-2.5
lanjakoduk*:-3 lanja*:-3 dengey:-3 dengu:-3 denga*:-3 dengi*:-3 kojja*:-3 pichi*:-2 pichodu:-2.5
gadida:-3 edava:-3 yedava:-3 vedhava:-3 vedava:-3 bewarse:-2.5 bevarse:-2.5 pandi:-2.5 kukka*:-2.5
erripuk*:-3 erri:-2 siggu:-2 sigguleni:-3 siggulekunda:-3 naasanam:-2.5
nashanam:-2.5 chavu:-2 chachadu:-2 chanipoya*:-2 champ*:-2 hatya:-2.5 dharunam:-3 darunam:-3
samasya:-1.5 ibbandi*:-2 narakam:-3 bagaledu:-2.5 bagoledu:-2.5 bagodhu:-2 bagaledhu:-2.5
nachaledu:-2.5 nachaledhu:-2.5 sanka:-2 nakandi:-2 peekadhi:-2 peeku*:-2 puk:-2 lavda:-3
chillara:-2 galeez:-2.5 kamaandhudu:-3 chetha:-2 chatha:-2 dobbu*:-2 worstu:-3 besharam:-2.5
నువ్వు:0 బాగుంది:2.5 బాగుంద*:2.5 బాగా:1.5 మంచి*:2 అద్భుత*:3 అదిరింది:3 అదిరి*:3 సూపర్*:2.5
ఇష్టం:2 ప్రేమ*:1.5 సంతోష*:2.5 ధన్యవాద*:2 అభినందన*:2.5 శుభాకాంక్ష*:2.5 విజయ*:2 గెలుపు*:2
గెలిచ*:2 హిట్:2 అందమైన:2 అందం:2 చక్కని:2 చక్కగా:2 గొప్ప*:2 నచ్చింది:2.5 నచ్చ*:1.5 ఆనంద*:2.5
సహాయ*:1 అభివృద్ధి*:1.5 బలోపేత*:2 ప్రగతి*:2 ప్రయోజన*:1.5 లాభ*:1.5 సంక్షేమ*:1.5 ఉత్సాహ*:2
ఘనంగా:2 ఘన*:1 ప్రశంస*:2.5 సముచిత*:2 మెరుగు*:2 స్వాగత*:1.5 శాంతి*:1.5 సురక్షిత*:1.5
నిధులు:1 కేటాయ*:1 అందించ*:1 సాధించ*:2 సాధన*:1.5 విశేష*:1.5 ప్రాముఖ్య*:1 ఆదర్శ*:2 భేష్:2.5
హాయిగా:2 జీవం:1.5 మద్దతు:1 ఆదరణ*:2 భరోసా*:1.5 కృతజ్ఞత*:2 అవార్డు*:1.5 పురస్కార*:2 రికార్డు*:1
చెత్త*:-2.5 వేస్ట్:-2.5 దారుణ*:-3 కష్ట*:-2 బాధ*:-2 కోప*:-2 భయ*:-1.5 తప్పు*:-1.5 మోస*:-2.5
దొంగ*:-2.5 అవినీతి*:-2.5 లంజ*:-3 దెంగ*:-3 కొజ్జా*:-3 పిచ్చి*:-2 గాడిద*:-3 ఎదవ*:-3 వెధవ*:-3
పంది*:-2.5 కుక్క*:-2.5 సిగ్గు*:-2 నాశన*:-2.5 చావు*:-2 చచ్చ*:-2 చనిపో*:-2 మరణ*:-2 హత్య*:-2.5
సమస్య*:-1.5 ఇబ్బంది*:-2 నరక*:-3 ఆందోళన*:-2 ఆరోపణ*:-1.5 విమర్శ*:-1.5 దాడి*:-2 ప్రమాద*:-2
నష్ట*:-2 గండి*:-2 వివాద*:-2 ఘర్షణ*:-2 హింస*:-2.5 అల్లర్ల*:-2.5 ఉద్రిక్త*:-2 నిరసన*:-1.5
విఫల*:-2 వైఫల్య*:-2 కరువు*:-2 ఆకలి*:-1.5 పేదరిక*:-1.5 నిరుద్యోగ*:-1.5 అన్యాయ*:-2.5 దోపిడీ*:-2.5
లంచ*:-2.5 కుంభకోణ*:-2.5 ఉగ్రవా*:-2.5 అరెస్టు*:-1.5 తీవ్ర*:-1 నిర్లక్ష్య*:-2 ఆత్మహత్య*:-3
బలి*:-2 గాయ*:-2 మృతి*:-2 మృత*:-2 కుదిపే*:-1.5 పతన*:-2 ధ్వంస*:-2.5 దుర్వినియోగ*:-1.5
kummesadu:2.5 kummesav:2.5 kummesaru:2.5 rachha:2 racha:1.5 dummu:1.5 adbhutham:3
superga:2.5 baagundhi:2.5 bagunnay:2.5 bagunnai:2.5 nachindhi:2.5 nachhindhi:2.5
chiraku:-2 visugu:-2 dandaga:-2.5 panikiraani:-2.5 kampu:-2.5 asahyam:-2.5 avamanam:-2.5
edupu:-2 yedupu:-2 sodhi:-1.5 worstu:-3 dobbesaru:-2.5 dobbindhi:-2.5 bagaledhu:-2.5
చిరాకు*:-2 విసుగు*:-2 దండగ*:-2.5 అసహ్య*:-2.5 అవమాన*:-2.5 దెబ్బ*:-2 దాడు*:-2 దుర్ఘటన*:-2.5
ఇరుకున:-1.5 తగులబడ*:-2 గాయపడ*:-2 వరద*:-1.5 నిరాశ*:-2 స్నేహ*:1.5 ఉత్తమ*:2 విజయవంత*:2.5
ఘనత*:2 సంబర*:2 ఆదుకో*:1.5 సరదా*:1.5 ఆశలు:1.5 ఆశాజనక*:2 మొండి*:-1 వేధింపు*:-2.5 బెదిరింపు*:-2
`;

// Emoji and emoticons. Laughter (😂, 🤣) is left out on purpose: in a public inbox it is as often
// mockery as joy.
const EMOJI_LEX: Record<string, number> = {
  '😍': 2.5,
  '🥰': 2.5,
  '❤': 2.5,
  '♥': 2,
  '💕': 2,
  '💖': 2,
  '💗': 2,
  '💓': 2,
  '💞': 2,
  '💟': 2,
  '💙': 2,
  '💚': 2,
  '💛': 2,
  '💜': 2,
  '🧡': 2,
  '😊': 2,
  '☺': 2,
  '🙂': 1,
  '😀': 1.5,
  '😃': 1.5,
  '😄': 1.5,
  '😁': 1.5,
  '👍': 2,
  '👏': 2,
  '🙏': 1,
  '🔥': 1.5,
  '💯': 1.5,
  '✨': 1,
  '🎉': 2,
  '🎊': 2,
  '🥳': 2,
  '😎': 1.5,
  '🤩': 2.5,
  '🌹': 1.5,
  '💐': 2,
  '🤘': 1.5,
  '👌': 2,
  '✌': 1,
  '💪': 1.5,
  '🤗': 1.5,
  '😇': 1.5,
  '⭐': 1,
  '🌟': 1.5,
  '🏆': 2,
  '✅': 1,
  '😘': 2,
  '🙌': 2,
  '💥': 1,
  '😡': -2.5,
  '😠': -2.5,
  '🤬': -3,
  '😤': -1.5,
  '😢': -2,
  '😭': -1.5,
  '😞': -2,
  '😔': -1.5,
  '😟': -1.5,
  '😩': -2,
  '😫': -2,
  '💔': -2,
  '👎': -2.5,
  '🤮': -3,
  '🤢': -2.5,
  '😒': -1.5,
  '🙄': -1.5,
  '😑': -1,
  '😖': -1.5,
  '😣': -1.5,
  '😰': -1.5,
  '😱': -1,
  '❌': -1,
  '🖕': -3,
  '💩': -2.5,
  '☹': -2,
  '🙁': -1.5,
  '😕': -1,
  '🤦': -1.5,
  '😓': -1,
  '😿': -2,
  '🥺': -0.5,
  '😏': -0.5,
  '🤡': -2,
};

const EMOTICONS: Array<[RegExp, number]> = [
  [/(?:^|\s)[:;=]-?[)\]D](?=\s|$)/g, 1.5],
  [/(?:^|\s)[:;=]-?[([](?=\s|$)/g, -1.5],
  [/(?:^|\s):'\((?=\s|$)/g, -2],
  [/<3/g, 2],
];

// ---------------------------------------------------------------------------------------------
// Negators. Direction: 'before' words negate what follows (English "not good", Hindi "nahi
// pasand"); 'after' words negate what precedes (Tamil "nalla illa", Telugu "bagundi ledu",
// Hindi "accha nahi"); 'both' looks both ways.

const NEGATORS: Record<string, Direction> = {};
for (const w of `not no never dont don't didnt didn't doesnt doesn't isnt isn't wasnt wasn't
  arent aren't cant can't cannot wont won't couldnt couldn't shouldnt shouldn't wouldnt wouldn't
  nothing neither nor hardly without lack lacks havent haven't hasnt hasn't nobody none n't nt
  didn doesn isn wasn aren couldn shouldn wouldn haven hasn weren`.split(/\s+/)) {
  if (w) NEGATORS[w] = 'before';
}
for (const w of `nahi nahin nhi nahee nai mat na bina मत नहीं नही न ना बिना`.split(/\s+/)) {
  if (w) NEGATORS[w] = 'both';
}
for (const w of `illa illai ille illae illaye illama illaama illadha illatha venam vendam venaam
  vendaam maaten matten maatan mattan mattanga maatanga mattom mudiyathu mudiyadhu mudila mudiyala
  koodathu kudathu kidaiyathu kidayathu kedaiyathu
  ledu ledhu leru levu leni lekunda lekundaa ledaa kadu kaadu kadhu kaadhu vaddu vadhu vaddhu
  kaaledu kaledu raledu raaledu
  இல்லை இல்ல இல்லாம இல்லாமல் இல்லாத வேண்டாம் வேணாம் மாட்டேன் மாட்டான் மாட்டாங்க முடியாது கூடாது கிடையாது
  లేదు లేరు లేవు లేని లేకుండా కాదు వద్దు కాలేదు రాలేదు`.split(/\s+/)) {
  if (w) NEGATORS[w] = 'after';
}

// Fused negative endings: a sentiment stem followed by one of these is negated
// ("bagaledu", "pudikala", "నచ్చలేదు", "பிடிக்கவில்லை").
const NEG_SUFFIXES_ROMAN = ['aledu', 'aledhu', 'ledu', 'ledhu', 'akunda', 'lekunda', 'ala', 'ale'];
const NEG_SUFFIXES_NATIVE = ['வில்லை', 'வில்ல', 'இல்லை', 'ல்லை', 'లేదు', 'లేని', 'కాదు'];

const INTENSIFIERS: Record<string, number> = {};
for (const w of `very so too really extremely highly totally absolutely super most much truly
  completely utterly damn bahut bohot bohat bahot bht bhut bhot bohut ekdum bilkul atyant behad
  kaafi kafi sabse jyada zyada romba rombo semma marana sema mega chala chaala chaalaa ekkuva
  bahu mari chaalaa మిక్కిలి చాలా ఎంతో రొம்ப ரொம்ப மிகவும் மிக மிகச் செம்ம बहुत बेहद अत्यंत काफी काफ़ी सबसे
  अति बड़ा बहोत`.split(/\s+/)) {
  if (w) INTENSIFIERS[w] = 1.5;
}
for (const w of `slightly little bit somewhat konjam konja thoda thodi kuch kinchit koncham
  konchem కొంచెం கொஞ்சம் थोड़ा थोड़ी`.split(/\s+/)) {
  if (w) INTENSIFIERS[w] = 0.6;
}

const CONTRAST = new Set(
  `but however though although yet aana aanaa anaa anal aanal lekin magar kintu parantu kani
  kaani kaanee ఆనా కానీ కాని అయితే ஆனா ஆனால் लेकिन मगर किंतु किन्तु परंतु परन्तु`.split(/\s+/),
);

// Things people need: "no water", "thanni illa", "paani nahi", "neellu levu" are complaints.
const NEEDS = new Set(
  `water electricity power current light lights road roads doctor doctors medicine medicines
  salary pension ration bus buses teacher teachers toilet drainage supply network signal gas
  paani pani bijli sadak dawai dawa davai naukri tankhwah vetan rashan bus
  thanni thanneer kudineer current minsaram velicham road roadu saalai maruthuvar marundhu
  sambalam oodhiyam resan bus velai
  neellu neeru neeti karentu current roddu mandulu jeetham pinchan ration udyogam
  पानी बिजली सड़क दवा दवाई डॉक्टर वेतन पेंशन राशन बस नौकरी शिक्षक
  தண்ணீர் தண்ணி குடிநீர் மின்சாரம் கரண்ட் சாலை ரோடு மருந்து மருத்துவர் சம்பளம் ஓய்வூதியம் ரேஷன் பஸ் வேலை
  నీళ్లు నీరు నీటి కరెంట్ విద్యుత్ రోడ్డు మందులు డాక్టర్ జీతం పింఛన్ రేషన్ బస్సు ఉద్యోగం`.split(/\s+/),
);

// ---------------------------------------------------------------------------------------------
// Lexicon construction

interface Lex {
  exact: Map<string, number>;
  stems: Map<string, number>;
  loose: Map<string, number>;
}

function buildLex(...specs: string[]): Lex {
  const lex: Lex = { exact: new Map(), stems: new Map(), loose: new Map() };
  for (const spec of specs) {
    for (const item of spec.split(/\s+/)) {
      if (!item) continue;
      const at = item.lastIndexOf(':');
      if (at <= 0) continue;
      let word = item.slice(0, at);
      const score = Number(item.slice(at + 1));
      if (!Number.isFinite(score)) continue;
      if (word.endsWith('*')) {
        word = word.slice(0, -1);
        lex.stems.set(word, score);
      } else {
        lex.exact.set(word, score);
      }
      const latin = /^[a-z ]+$/.test(word);
      if (latin && word.length >= 4 && !word.includes(' ')) lex.loose.set(phoneticKey(word), score);
    }
  }
  return lex;
}

const LEXICONS: Record<AnalyzerLanguage, Lex> = {
  en: buildLex(EN_LEX),
  ta: buildLex(TA_LEX),
  hi: buildLex(HI_LEX),
  te: buildLex(TE_LEX),
};

const ALL_LANGS: AnalyzerLanguage[] = ['ta', 'hi', 'te', 'en'];

function stemLookup(lex: Lex, word: string, minLen: number): number | undefined {
  for (let len = word.length - 1; len >= minLen; len--) {
    const v = lex.stems.get(word.slice(0, len));
    if (v !== undefined) return v;
  }
  return lex.stems.get(word);
}

/** The lexicon score of one word for a language, or undefined when it carries none. */
export function wordScore(word: string, language: AnalyzerLanguage): number | undefined {
  const script = wordScript(word);
  if (script === 'ta' || script === 'hi' || script === 'te') {
    const lex = LEXICONS[script];
    return lex.exact.get(word) ?? stemLookup(lex, word, 2);
  }
  const variants = runVariants(word);
  const order = [language, 'en' as const, ...ALL_LANGS.filter((l) => l !== language && l !== 'en')];
  for (let i = 0; i < order.length; i++) {
    const lex = LEXICONS[order[i] as AnalyzerLanguage];
    const factor = i < 2 ? 1 : 0.7;
    for (const w of variants) {
      const v = lex.exact.get(w) ?? stemLookup(lex, w, 3);
      if (v !== undefined) return v * factor;
    }
  }
  const w = variants[1] ?? word;
  if (w.length >= 4) {
    const key = phoneticKey(w);
    for (const lang of order) {
      const v = LEXICONS[lang].loose.get(key);
      if (v !== undefined) return v * (lang === language ? 0.8 : 0.6);
    }
  }
  return undefined;
}

// Negation fused into a verb: Telugu "-లేదు/-లేక/-లేని/కాద-", Tamil "-வில்லை/-இல்லை/மாட்ட-",
// romanized "-ledu/-ledhu/-lekunda", "-illa/-illai", "-vilai".
const FUSED_NEG_NATIVE = /(లేద|లేక|లేని|లేరు|లేవు|కాద|వద్ద|வில்ல|இல்ல|மாட்ட|முடியாது|கூடாது|வேண்டா|கிடையாது)/;
const FUSED_NEG_ROMAN =
  /(ledu|ledhu|ledani|lekunda|lekundaa|lekapoy|ledhani|kaadu|illa|illai|vilai|villai|maatten|mudiyadhu|mudiyathu)$/;
// Romanized Tamil negative past ("varala", "edukkala", "kidaikala"): only for Tamil text.
const FUSED_NEG_TA = /(kkala|kkale|kala|kale|rala|rale|yala|yale|ttala|ngala)$/;

/** Whether a token is (or contains) a negation, and which way it reaches. */
export function negatorOf(tok: string, language?: AnalyzerLanguage): Direction | undefined {
  const direct = NEGATORS[tok] ?? NEGATORS[collapseRuns(tok)];
  if (direct) return direct;
  if (tok.length < 4) return undefined;
  const script = wordScript(tok);
  if (script === 'ta' || script === 'te') return FUSED_NEG_NATIVE.test(tok) ? 'after' : undefined;
  if (script !== 'latin') return undefined;
  if (FUSED_NEG_ROMAN.test(tok)) return 'after';
  if (language === 'ta' && tok.length >= 5 && FUSED_NEG_TA.test(tok) && !tok.endsWith('ngala')) {
    return 'after';
  }
  return undefined;
}

/** A fused negative verb ("bagaledu", "பிடிக்கவில்லை"): the stem's score, negated. */
function fusedNegation(word: string, language: AnalyzerLanguage): number | undefined {
  if (ALL_LANGS.some((l) => LEXICONS[l].exact.has(word))) return undefined;
  const script = wordScript(word);
  const suffixes = script === 'latin' ? NEG_SUFFIXES_ROMAN : NEG_SUFFIXES_NATIVE;
  for (const suf of suffixes) {
    if (word.length > suf.length + 2 && word.endsWith(suf)) {
      const stem = word.slice(0, -suf.length);
      const v = wordScore(stem, language);
      if (v !== undefined && v > 0) return -0.8 * v;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Scoring

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?|\p{Extended_Pictographic}|[♥☺✌]/gu;
const MULTI_WORD: Array<[RegExp, string]> = [
  [/\bvera\s+level\b/g, 'veralevel'],
  [/\bvera\s+maari\b/g, 'veralevel'],
  [/\bmarana\s+mass\b/g, 'maranamass'],
  [/\bhats\s+off\b/g, 'hatsoff'],
  [/\bwell\s+done\b/g, 'welldone'],
  [/\bkeep\s+it\s+up\b/g, 'keepitup'],
  [/\bgod\s+bless\b/g, 'godbless'],
  [/\bnot\s+working\b/g, 'notworking'],
  [/\bpower\s+cut\b/g, 'powercut'],
  [/\bno\s+one\b/g, 'noone'],
  [/\bover\s+acting\b/g, 'overacting'],
  [/\bsiggu\s+lekunda\b/g, 'siggulekunda'],
  [/\bmanchi\s+pani\b/g, 'manchipani'],
  [/\bnice\s+u\b/g, 'niceu'],
];
const PHRASES: Record<string, number> = {
  veralevel: 3,
  maranamass: 3,
  hatsoff: 2.5,
  welldone: 2.5,
  keepitup: 2.5,
  godbless: 2,
  notworking: -2,
  powercut: -2,
  siggulekunda: -3,
  manchipani: 2,
  niceu: 2,
};

interface Hit {
  index: number;
  score: number;
  /** Emoji are not negated by nearby words. */
  emoji?: boolean;
}

export function analyzeSentiment(text: string, language: AnalyzerLanguage): SentimentResult {
  let clean = stripNoise(text.normalize('NFC')).toLowerCase();
  for (const [re, rep] of MULTI_WORD) clean = clean.replace(re, rep);

  let emoticon = 0;
  for (const [re, v] of EMOTICONS) {
    const n = clean.match(re)?.length ?? 0;
    if (n > 0) emoticon += v * Math.min(n, 2);
  }

  const tokens = Array.from(clean.matchAll(TOKEN_RE), (m) => m[0].replace(/['’]/g, ''));
  const hits: Hit[] = [];
  const negatorAt: Array<Direction | undefined> = [];
  const emojiSeen = new Map<string, number>();
  let contrastAt = -1;

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    const base = tok.replace(/\uFE0F/g, '');
    const neg = negatorOf(tok, language);
    negatorAt[i] = neg;
    if (CONTRAST.has(tok)) contrastAt = i;
    const emoji = EMOJI_LEX[base];
    if (emoji !== undefined) {
      const n = emojiSeen.get(base) ?? 0;
      emojiSeen.set(base, n + 1);
      if (n < 3) hits.push({ index: i, score: emoji * (n === 0 ? 1 : 0.3), emoji: true });
      continue;
    }
    if (neg && NEGATORS[tok]) continue;
    const fused = fusedNegation(tok, language);
    if (fused !== undefined) {
      negatorAt[i] = undefined;
      hits.push({ index: i, score: fused });
      continue;
    }
    if (neg) continue;
    const score = PHRASES[tok] ?? wordScore(tok, language);
    if (score !== undefined && score !== 0) hits.push({ index: i, score });
  }

  // Each negator negates the one nearest sentiment word within its reach. Emoji and slurs
  // (score -3) are never negated.
  const negatable = (h: Hit) => !h.emoji && h.score > -3;
  const hitAt = new Map<number, Hit>();
  for (const h of hits) if (negatable(h)) hitAt.set(h.index, h);
  const negatedHits = new Set<Hit>();
  const usedNegators = new Set<number>();
  for (let j = 0; j < tokens.length; j++) {
    const d = negatorAt[j];
    if (!d) continue;
    const candidates: Array<[number, Hit]> = [];
    if (d === 'before' || d === 'both') {
      for (let i = j + 1; i <= j + 3; i++) {
        const h = hitAt.get(i);
        if (h) candidates.push([i - j, h]);
      }
    }
    if (d === 'after' || d === 'both') {
      for (let i = j - 1; i >= j - 2; i--) {
        const h = hitAt.get(i);
        if (h) candidates.push([j - i, h]);
      }
    }
    const free = candidates.filter(([, h]) => !negatedHits.has(h)).sort((a, b) => a[0] - b[0]);
    const chosen = free[0];
    if (chosen) {
      negatedHits.add(chosen[1]);
      usedNegators.add(j);
    }
  }

  let total = emoticon;
  for (const hit of hits) {
    let s = hit.score;
    const i = hit.index;
    // Intensifier just before.
    for (const j of [i - 1, i - 2]) {
      const t = tokens[j];
      if (t !== undefined && INTENSIFIERS[t] !== undefined) {
        s *= INTENSIFIERS[t] as number;
        break;
      }
    }
    const negated = negatedHits.has(hit);
    if (negated) s = s > 0 ? -0.8 * s : -0.5 * s;
    // Contrast: what follows "but" counts more.
    if (contrastAt >= 0) s *= i > contrastAt ? 1.5 : 0.5;
    total += s;
  }

  // Negation without a sentiment word: "no water", "thanni illa" is a complaint.
  for (let j = 0; j < tokens.length; j++) {
    if (!negatorAt[j] || usedNegators.has(j)) continue;
    const near = [tokens[j - 1], tokens[j - 2], tokens[j + 1], tokens[j + 2]];
    let s = near.some((t) => t !== undefined && NEEDS.has(t)) ? -1.5 : BARE_NEGATION;
    if (contrastAt >= 0) s *= j > contrastAt ? 1.5 : 0.5;
    total += s;
  }

  const bangs = (text.match(/!/g)?.length ?? 0) > 0 ? 1.1 : 1;
  total *= bangs;

  const score = total / Math.sqrt(total * total + 4);
  const sentiment: SentimentLabel =
    score >= NEUTRAL_THRESHOLD ? 'positive' : score <= -NEUTRAL_THRESHOLD ? 'negative' : 'neutral';
  const evidence = hits.length + (emoticon !== 0 ? 1 : 0);
  const confidence =
    sentiment === 'neutral'
      ? 0.35 + 0.25 * (1 - Math.abs(score) / NEUTRAL_THRESHOLD) * (evidence === 0 ? 1 : 0.5)
      : Math.min(0.9, 0.35 + 0.4 * Math.abs(score) + 0.05 * Math.min(evidence, 3));
  return {
    sentiment,
    score: Math.round(score * 1000) / 1000,
    confidence: Math.round(confidence * 100) / 100,
  };
}
