import { describe, expect, it } from 'vitest';
import {
  analyzeEmbedded,
  analyzeSentiment,
  composeEmbeddedReply,
  detectLanguage,
  embeddedReply,
  extractTopics,
  retrieveKnowledge,
  type KnowledgeEntry,
} from '../../src/main/core/analyzer/index';

// Every sentence here is written for these tests (none comes from an evaluation set).

describe('detectLanguage', () => {
  it.each([
    ['எங்கள் தெருவில் மூன்று நாளாக தண்ணீர் வரவில்லை', 'ta'],
    ['हमारे मोहल्ले में दो दिन से बिजली नहीं है', 'hi'],
    ['మా ఊరిలో రోడ్డు చాలా పాడైపోయింది', 'te'],
  ])('tells native script by Unicode block: %s', (text, lang) => {
    const r = detectLanguage(text);
    expect(r.language).toBe(lang);
    expect(r.script).toBe('native');
    expect(r.confidence).toBeGreaterThan(0.7);
  });

  it.each([
    ['enga area la thanni varala, romba kashtama irukku', 'ta'],
    ['neenga eppo vandhu paakureenga sir?', 'ta'],
    ['hamare gaon mein paani nahi aa raha hai, kya karein', 'hi'],
    ['bhai ye sadak kab banegi, bahut bura haal hai', 'hi'],
    ['maa veedhi lo neellu raavatledu, chala ibbandi ga undi', 'te'],
    ['meeru eppudu vastaru andi? current ledu rendu rojulu ga', 'te'],
  ])('scores romanized text with its own lexicons: %s', (text, lang) => {
    const r = detectLanguage(text);
    expect(r.language).toBe(lang);
    expect(r.script).toBe('roman');
  });

  it('reads mixed script by the Indic block', () => {
    const r = detectLanguage('Street light problem இருக்கு, please இன்னைக்கு fix பண்ணுங்க');
    expect(r.language).toBe('ta');
    expect(r.script).toBe('mixed');
    expect(detectLanguage('Ration card update ఎప్పుడు అవుతుంది? office lo cheppandi').language).toBe(
      'te',
    );
    expect(detectLanguage('Yaar ye बिजली का bill बहुत ज्यादा आया है').language).toBe('hi');
  });

  it('says English only when there is no Indic evidence', () => {
    expect(
      detectLanguage('The garbage on our street has not been collected this week').language,
    ).toBe('en');
    expect(detectLanguage('Can you tell me when the new bus route starts?').language).toBe('en');
    expect(detectLanguage('Thank you so much for fixing the pothole').language).toBe('en');
  });
});

describe('analyzeSentiment', () => {
  it('reads plain positive and negative words in each language', () => {
    expect(analyzeSentiment('The new clinic is excellent, great work', 'en').sentiment).toBe(
      'positive',
    );
    expect(analyzeSentiment('This road is terrible and dangerous', 'en').sentiment).toBe(
      'negative',
    );
    expect(analyzeSentiment('புதிய பேருந்து சேவை அருமை', 'ta').sentiment).toBe('positive');
    expect(analyzeSentiment('நிர்வாகம் மிகவும் மோசம்', 'ta').sentiment).toBe('negative');
    expect(analyzeSentiment('नई सड़क बहुत अच्छी बनी है', 'hi').sentiment).toBe('positive');
    expect(analyzeSentiment('ye kaam bilkul bekar hai', 'hi').sentiment).toBe('negative');
    expect(analyzeSentiment('కొత్త బడి చాలా బాగుంది', 'te').sentiment).toBe('positive');
    expect(analyzeSentiment('panulu chala chetta ga chesaru', 'te').sentiment).toBe('negative');
  });

  it.each([
    ['en', 'The water supply is good', 'The water supply is not good'],
    ['ta', 'service nalla irukku', 'service nalla illa'],
    ['ta', 'சேவை நல்லா இருக்கு', 'சேவை நல்லா இல்லை'],
    ['hi', 'kaam accha hai', 'kaam accha nahi hai'],
    ['hi', 'काम अच्छा है', 'काम अच्छा नहीं है'],
    ['te', 'pani bagundi', 'pani bagaledu'],
    ['te', 'పని బాగుంది', 'పని బాగా లేదు'],
  ] as const)('negation flips sentiment (%s): %s', (lang, plain, negated) => {
    const a = analyzeSentiment(plain, lang);
    const b = analyzeSentiment(negated, lang);
    expect(a.sentiment).toBe('positive');
    expect(b.sentiment).toBe('negative');
    expect(b.score).toBeLessThan(0);
  });

  it('counts emoji and intensifiers', () => {
    expect(analyzeSentiment('road work done 👍👍', 'en').sentiment).toBe('positive');
    expect(analyzeSentiment('again no bus today 😡', 'en').sentiment).toBe('negative');
    const plain = analyzeSentiment('nalla irukku', 'ta').score;
    const strong = analyzeSentiment('romba nalla irukku', 'ta').score;
    expect(strong).toBeGreaterThan(plain);
  });

  it('treats an unmet need as negative and plain information as neutral', () => {
    expect(analyzeSentiment('thanni illa', 'ta').sentiment).toBe('negative');
    expect(analyzeSentiment('paani nahi aaya', 'hi').sentiment).toBe('negative');
    expect(analyzeSentiment('The ward meeting is on Monday at 10 am', 'en').sentiment).toBe(
      'neutral',
    );
    const r = analyzeSentiment('கூட்டம் திங்கள் காலை நடைபெறும்', 'ta');
    expect(r.sentiment).toBe('neutral');
    expect(r.score).toBeGreaterThanOrEqual(-1);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('weighs the clause after "but"', () => {
    expect(
      analyzeSentiment('The staff were nice but the hospital is dirty and useless', 'en').sentiment,
    ).toBe('negative');
  });
});

describe('extractTopics', () => {
  it.each([
    ['Our street has had no water for three days', 'en', 'water'],
    ['enga oorla current illa, transformer problem', 'ta', 'electricity'],
    ['सड़क पर बड़े गड्ढे हैं', 'hi', 'roads'],
    ['మా కాలనీలో మురుగు కాలువ పొంగిపొర్లుతోంది', 'te', 'drainage'],
    ['kuppai yaarum edukkala oru vaaram aachu', 'ta', 'garbage'],
    ['ration card ki samasya hai, rashan nahi mila', 'hi', 'ration'],
    ['naa pinchan ee nela raaledu', 'te', 'pension'],
  ] as const)('finds the civic topic in "%s"', (text, lang, topic) => {
    const r = extractTopics(text, lang);
    expect(r.topics).toContain(topic);
    expect(r.category).toBe('complaint');
    expect(r.issues.length).toBeGreaterThan(0);
  });

  it('sorts category: inquiry, suggestion, political, feedback', () => {
    expect(extractTopics('When will the new school building open?', 'en').category).toBe('inquiry');
    expect(extractTopics('You should build a bus shelter near the market', 'en').category).toBe(
      'suggestion',
    );
    expect(extractTopics('Which party will you vote for in the election', 'en').category).toBe(
      'inquiry',
    );
    expect(extractTopics('Is baar chunav mein vote zaroor denge', 'hi').category).toBe('political');
    expect(extractTopics('Thank you, the new road is wonderful', 'en').category).toBe('feedback');
    expect(extractTopics('ரொம்ப நன்றி, நல்ல வேலை', 'ta').category).toBe('feedback');
  });

  it.each([
    ['There is a fire near the bus stand, please send help', 'en'],
    ['engal theruvil vibathu, udane ambulance anuppunga', 'ta'],
    ['गांव में बाढ़ आ गई है, बचाओ', 'hi'],
    ['మా ఇంటి దగ్గర అగ్ని ప్రమాదం జరిగింది', 'te'],
    ['No water for 4 days in our lane', 'en'],
  ] as const)('flags urgent: %s', (text, lang) => {
    expect(extractTopics(text, lang).urgent).toBe(true);
  });

  it('does not flag ordinary messages as urgent or abusive', () => {
    const r = extractTopics('Please repair the street light on 3rd cross', 'en');
    expect(r.urgent).toBe(false);
    expect(r.abusive).toBe(false);
    expect(r.wantsHuman).toBe(false);
    expect(r.wantsDataDeletion).toBe(false);
  });

  it.each([
    ['you are all useless idiots', 'en'],
    ['dei loosu, unaku velai illaya', 'ta'],
    ['tum log kamine ho', 'hi'],
    ['ee edava pani chesadu', 'te'],
  ] as const)('flags abuse: %s', (text, lang) => {
    expect(extractTopics(text, lang).abusive).toBe(true);
  });

  it.each([
    ['I want to talk to a person, not a bot', 'en'],
    ['oru manushan kitta pesanum sir', 'ta'],
    ['mujhe kisi insaan se baat karni hai', 'hi'],
    ['किसी अधिकारी से बात करवाइए', 'hi'],
    ['naaku oka manishi tho matladali', 'te'],
    ['அதிகாரி கிட்ட பேசணும்', 'ta'],
  ] as const)('sees a request for a person: %s', (text, lang) => {
    const r = extractTopics(text, lang);
    expect(r.wantsHuman).toBe(true);
    expect(r.intent).toBe('request_human');
  });

  it.each([
    ['Please delete my data', 'en'],
    ['en data ellam delete pannunga', 'ta'],
    ['mera data hata do', 'hi'],
    ['मेरी जानकारी मिटा दीजिए', 'hi'],
    ['naa vivaralu tolaginchandi', 'te'],
    ['என் தகவல்களை நீக்கவும்', 'ta'],
  ] as const)('sees a request to delete data: %s', (text, lang) => {
    const r = extractTopics(text, lang);
    expect(r.wantsDataDeletion).toBe(true);
    expect(r.intent).toBe('delete_data');
  });
});

describe('retrieveKnowledge', () => {
  const kb: KnowledgeEntry[] = [
    {
      question: 'How do I apply for a new ration card?',
      answer: 'Apply at the taluk office with Aadhaar and address proof.',
      tags: ['ration'],
    },
    {
      question: 'Who do I call when there is no water supply?',
      answer: 'Call the water board helpline 1916.',
      tags: ['water'],
    },
    {
      question: 'When are the office hours?',
      answer: 'The office is open 10 am to 5 pm, Monday to Saturday.',
    },
    {
      question: 'மின்வெட்டு பற்றி எங்கே புகார் செய்வது?',
      answer: 'மின்வாரிய உதவி எண் 1912 ஐ அழைக்கவும்.',
      language: 'ta',
      tags: ['மின்சாரம்'],
    },
  ];

  it('ranks the entry that matches best first', () => {
    const hits = retrieveKnowledge('how to apply for ration card', kb);
    expect(hits[0]?.index).toBe(0);
    expect(hits[0]?.relevance).toBeGreaterThan(0.4);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? 0);
  });

  it('matches across languages through shared topics', () => {
    expect(retrieveKnowledge('enga area la thanni varala', kb)[0]?.index).toBe(1);
    expect(retrieveKnowledge('current illa, yaar kitta complaint pannanum', kb)[0]?.index).toBe(3);
    expect(retrieveKnowledge('मिनवेट्टु', kb)).toEqual([]);
  });

  it('returns the caller’s own entry objects, at most k', () => {
    const hits = retrieveKnowledge('office water ration', kb, 2);
    expect(hits).toHaveLength(2);
    expect(kb).toContain(hits[0]?.entry);
  });
});

describe('analyzeEmbedded and embeddedReply', () => {
  it('combines everything with a capped confidence', () => {
    const a = analyzeEmbedded('enga theruvula moonu naala thanni varala, romba kashtam');
    expect(a.language).toBe('ta');
    expect(a.script).toBe('roman');
    expect(a.sentiment).toBe('negative');
    expect(a.topics).toContain('water');
    expect(a.category).toBe('complaint');
    expect(a.confidence).toBeLessThanOrEqual(0.6);
    expect(a.sentimentScore).toBeLessThan(0);
  });

  it('replies in the voter’s language, in native script', () => {
    const ta = embeddedReply(analyzeEmbedded('enga area la current illa'));
    expect(ta).toMatch(/[\u0B80-\u0BFF]/);
    expect(ta).toContain('மின்சாரம்');
    const hi = embeddedReply(analyzeEmbedded('hamare yahan sadak toot gayi hai'));
    expect(hi).toMatch(/[\u0900-\u097F]/);
    const te = embeddedReply(analyzeEmbedded('maa oorlo neellu raavatledu'));
    expect(te).toMatch(/[\u0C00-\u0C7F]/);
    const en = embeddedReply(analyzeEmbedded('The garbage has not been collected'));
    expect(en).toContain('garbage');
  });

  it('answers from knowledge when it matches well, else acknowledges or hands off', () => {
    const kb: KnowledgeEntry[] = [
      { question: 'What are the office hours?', answer: 'We are open 10 to 5.', tags: ['office'] },
    ];
    const text = 'what are your office hours';
    const a = analyzeEmbedded(text, { knowledgeBase: kb });
    const r = composeEmbeddedReply(a, { knowledge: retrieveKnowledge(text, kb) });
    expect(r.kind).toBe('knowledge');
    expect(r.text).toBe('We are open 10 to 5.');

    const human = analyzeEmbedded('mujhe kisi insaan se baat karni hai');
    expect(composeEmbeddedReply(human).kind).toBe('handoff');
    expect(embeddedReply(human)).toMatch(/[\u0900-\u097F]/);

    const custom = embeddedReply(analyzeEmbedded('vanakkam'), {
      templates: { ta: { greeting: 'வணக்கம், அலுவலகம்!' } },
    });
    expect(custom).toBe('வணக்கம், அலுவலகம்!');
  });

  it('is fast enough for a busy inbox', () => {
    const texts = [
      'enga area la thanni varala',
      'bijli nahi hai do din se',
      'maa oorlo current ledu',
      'The road near the school is broken',
      'மின்சாரம் இல்லை',
    ];
    const started = performance.now();
    for (let i = 0; i < 1000; i++) analyzeEmbedded(texts[i % texts.length] as string);
    const perSecond = 1000 / ((performance.now() - started) / 1000);
    expect(perSecond).toBeGreaterThan(1000);
  });
});
