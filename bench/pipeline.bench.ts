import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { analyzeEmbedded } from '../src/main/core/analyzer/index';
import { ensureDefaultBot } from '../src/main/core/queries/bots';
import { openStore } from '../src/main/core/store/db';
import { toBotConfiguration } from '../src/main/core/store/mappers';
import { embeddedAnalysis, recordAnalysis } from '../src/main/core/pipeline/pipeline';
import { writeWebhook } from '../src/main/core/whatsapp/ingest';
import { processInbound } from '../src/main/core/whatsapp/process';
import { parseWebhook } from '../src/main/core/whatsapp/webhook';

// Prints figures for issue 4's targets; run by `npm run bench`, not by `npm test`.

const SAMPLES = [
  'எங்கள் தெருவில் மூன்று நாளாக குடிநீர் வரவில்லை',
  'Enga area la current illa, romba kashtama irukku',
  'हमारे गाँव में सड़क बहुत खराब है, कोई सुनता नहीं',
  'Bijli kab aayegi? Do din se light nahi hai',
  'మా వీధిలో చెత్త తీయడం లేదు',
  'Ma colony lo water raavadam ledu, chala ibbandi ga undi',
  'Thank you for fixing the streetlight so quickly!',
  'When is the next ration distribution in ward 5?',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('embedded analyzer throughput', () => {
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) analyzeEmbedded(SAMPLES[i % SAMPLES.length]!);
  const ms = performance.now() - t0;
  console.log(
    `\nEmbedded analyzer: ${((n / ms) * 1000).toFixed(0)} messages/s (${((ms / n) * 1000).toFixed(1)} µs each, ${n} messages)`,
  );
});

it('pipeline overhead per message, excluding the model call', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-pipeline-'));
  const store = openStore(join(dir, 'bench.sqlite'));
  try {
    const now = Date.parse('2026-11-20T09:00:00Z');
    await ensureDefaultBot(store.db, 'bench', new Date(now).toISOString());
    const botRow = store.first(store.db.selectFrom('bot_configurations').selectAll().limit(1));
    if (!botRow) {
      console.log('no bot');
      return;
    }
    const bot = toBotConfiguration(botRow);
    // The analysis is computed once up front: the figure is what the pipeline adds around it.
    const analyses = SAMPLES.map((t) => ({
      ...embeddedAnalysis(t, bot, null),
      source: 'model' as const,
      model: 'bench',
    }));
    const times: number[] = [];
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const phone = `9198${String(10000000 + (i % 800)).padStart(8, '0')}`;
      const wamid = `wamid.BENCH${i}`;
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { phone_number_id: '1' },
                  contacts: [{ wa_id: phone, profile: { name: 'Bench' } }],
                  messages: [
                    {
                      from: phone,
                      id: wamid,
                      timestamp: String(now / 1000 + i),
                      type: 'text',
                      text: { body: SAMPLES[i % SAMPLES.length] },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      const at = now + i * 1000;
      const t0 = performance.now();
      store.transaction(() =>
        writeWebhook(
          store,
          {
            source: 'whatsapp',
            body,
            signature: null,
            parsed: parseWebhook(JSON.parse(body), new Date(at).toISOString()),
            receivedAt: new Date(at).toISOString(),
          },
          at,
        ),
      );
      const processed = store.transaction(() => processInbound(store, wamid, at));
      if (processed.messageId && processed.conversationId) {
        store.transaction(() =>
          recordAnalysis(
            store,
            {
              messageId: processed.messageId!,
              conversationId: processed.conversationId!,
              analysis: analyses[i % analyses.length]!,
              failed: false,
              bot,
              now: at,
            },
            undefined,
          ),
        );
      }
      times.push(performance.now() - t0);
    }
    const warm = times.slice(200);
    console.log(
      `Pipeline overhead (store, profile, conversation, policy, reply queued; no model call): median ${median(warm).toFixed(3)} ms, p95 ${[...warm].sort((a, b) => a - b)[Math.floor(warm.length * 0.95)]!.toFixed(3)} ms over ${warm.length} messages (target: median < 2 ms)`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
