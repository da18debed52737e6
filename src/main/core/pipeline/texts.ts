import type { Language } from '../../../shared/model';

// What the bot says on its own (not the model's words), in the four languages.

export const HANDOFF_NOTICE: Record<Language, string> = {
  en: 'Thank you. A person from our office will reply to you here soon.',
  ta: 'நன்றி. எங்கள் அலுவலகத்தைச் சேர்ந்த ஒருவர் விரைவில் இங்கே உங்களுக்குப் பதிலளிப்பார்.',
  hi: 'धन्यवाद। हमारे कार्यालय से कोई व्यक्ति जल्द ही यहाँ आपको जवाब देगा।',
  te: 'ధన్యవాదాలు. మా కార్యాలయం నుండి ఒకరు త్వరలో ఇక్కడ మీకు సమాధానం ఇస్తారు.',
};

export const DEFAULT_CONSENT_NOTICE: Record<Language, string> = {
  en: 'This is the {office} WhatsApp service. We keep your messages to answer you and to improve our work. Reply STOP to stop messages, or "delete my data" to erase them.',
  ta: 'இது {office} வாட்ஸ்அப் சேவை. உங்களுக்குப் பதிலளிக்கவும் எங்கள் பணியை மேம்படுத்தவும் உங்கள் செய்திகளை வைத்திருக்கிறோம். செய்திகளை நிறுத்த STOP என்றும், அவற்றை அழிக்க "என் தரவை அழி" என்றும் அனுப்புங்கள்.',
  hi: 'यह {office} की व्हाट्सऐप सेवा है। आपको जवाब देने और अपने काम को बेहतर बनाने के लिए हम आपके संदेश रखते हैं। संदेश रोकने के लिए STOP लिखें, या उन्हें मिटाने के लिए "मेरा डेटा हटाओ" लिखें।',
  te: 'ఇది {office} వాట్సాప్ సేవ. మీకు సమాధానం ఇవ్వడానికి, మా పనిని మెరుగుపరచడానికి మీ సందేశాలను ఉంచుతాము. సందేశాలు ఆపడానికి STOP అని, వాటిని తొలగించడానికి "నా డేటా తొలగించు" అని పంపండి.',
};

export const DELETE_CONFIRM_QUESTION: Record<Language, string> = {
  en: 'Do you want us to erase all your messages and your profile? Reply DELETE to confirm. Anything else keeps them.',
  ta: 'உங்கள் எல்லாச் செய்திகளையும் சுயவிவரத்தையும் அழிக்க வேண்டுமா? உறுதிசெய்ய DELETE என்று பதிலளிக்கவும். வேறு எதுவும் அனுப்பினால் அவை அப்படியே இருக்கும்.',
  hi: 'क्या आप चाहते हैं कि हम आपके सभी संदेश और आपकी प्रोफ़ाइल मिटा दें? पुष्टि के लिए DELETE लिखें। कुछ और लिखने पर वे बने रहेंगे।',
  te: 'మీ సందేశాలన్నింటినీ, మీ ప్రొఫైల్‌ను తొలగించాలా? నిర్ధారించడానికి DELETE అని పంపండి. వేరే ఏదైనా పంపితే అవి అలాగే ఉంటాయి.',
};

/** Confirmation words for an erase, as the whole message. */
export const DELETE_CONFIRM_WORDS = new Set([
  'delete',
  'yes delete',
  'confirm',
  'அழி',
  'ஆம் அழி',
  'azhi',
  'हटाओ',
  'हाँ हटाओ',
  'mitao',
  'hatao',
  'తొలగించు',
  'avunu tolaginchu',
  'tolaginchu',
]);

export const REFERRAL_INVITATION: Record<Language, string> = {
  en: 'Thank you for writing to us. If friends or family have local issues to raise, share this link with them: {link}',
  ta: 'எங்களுக்கு எழுதியதற்கு நன்றி. உங்கள் நண்பர்கள் அல்லது குடும்பத்தினருக்கு உள்ளூர் பிரச்சினைகள் இருந்தால், இந்த இணைப்பைப் பகிருங்கள்: {link}',
  hi: 'हमें लिखने के लिए धन्यवाद। अगर आपके दोस्तों या परिवार को कोई स्थानीय समस्या बतानी हो, तो यह लिंक उनसे साझा करें: {link}',
  te: 'మాకు రాసినందుకు ధన్యవాదాలు. మీ స్నేహితులు లేదా కుటుంబ సభ్యులకు స్థానిక సమస్యలు ఉంటే, ఈ లింక్‌ను వారితో పంచుకోండి: {link}',
};
