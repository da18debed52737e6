import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local server that speaks OpenAI's chat completions API (the subset the pipeline uses), so
// the real `openai` SDK can be pointed at it. Tests script its answers.

export const OPENAI_TEST_KEY = 'sk-test-not-a-real-key';

export type Script =
  | { kind: 'answer'; answer: Record<string, unknown> }
  | { kind: 'text'; content: string }
  | { kind: 'status'; status: number }
  | { kind: 'delay'; ms: number; then?: Script }
  /** Holds the answer until `release()` is called (to race an operator against the model). */
  | { kind: 'hold'; answer: Record<string, unknown>; onHeld?: () => void };

export interface ChatRequest {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: {
      type: string;
      json_schema?: { name: string; strict?: boolean; schema: unknown };
    };
  };
}

export function goodAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    language: 'ta',
    script: 'native',
    intent: 'report_issue',
    category: 'complaint',
    sentiment: 'negative',
    sentiment_score: -0.6,
    confidence: 0.92,
    topics: ['water'],
    keywords: ['குடிநீர்'],
    issues: ['No drinking water supply in the street'],
    urgent: false,
    abusive: false,
    wants_human: false,
    wants_data_deletion: false,
    demographics: {
      age_group: null,
      gender: { value: 'female', confidence: 0.7 },
      occupation: null,
      location: { value: 'Ward 12', confidence: 0.8 },
    },
    handoff: { needed: false, reason: '' },
    reply: 'உங்கள் புகாரைப் பதிவு செய்தோம். நன்றி.',
    summary: 'Voter reports no drinking water in her street.',
    ...overrides,
  };
}

export async function startOpenAiServer() {
  const requests: ChatRequest[] = [];
  const scripts: Script[] = [];
  const held: Array<() => void> = [];
  let fallback: Script = { kind: 'answer', answer: goodAnswer() };

  const respond = async (script: Script, res: ServerResponse, model: string): Promise<void> => {
    if (script.kind === 'delay') {
      await new Promise((r) => setTimeout(r, script.ms));
      if (res.destroyed) return;
      return respond(script.then ?? fallback, res, model);
    }
    if (script.kind === 'hold') {
      await new Promise<void>((r) => {
        held.push(r);
        script.onHeld?.();
      });
      return respond({ kind: 'answer', answer: script.answer }, res, model);
    }
    if (script.kind === 'status') {
      res.writeHead(script.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `scripted ${script.status}`, type: 'server_error', code: null },
        }),
      );
      return;
    }
    const content = script.kind === 'answer' ? JSON.stringify(script.answer) : script.content;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal: null },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 321, completion_tokens: 87, total_tokens: 408 },
      }),
    );
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      if (req.headers.authorization !== `Bearer ${OPENAI_TEST_KEY}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message: 'Incorrect API key provided',
              type: 'invalid_request_error',
              code: 'invalid_api_key',
            },
          }),
        );
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'];
      requests.push({ headers: req.headers, body });
      void respond(scripts.shift() ?? fallback, res, body.model);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** The next answers, in order; after them, the fallback. */
    script: (...s: Script[]) => scripts.push(...s),
    setFallback: (s: Script) => {
      fallback = s;
    },
    release: () => held.splice(0).forEach((r) => r()),
    close: () =>
      new Promise<void>((r) => {
        held.splice(0).forEach((x) => x());
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
export type OpenAiServer = Awaited<ReturnType<typeof startOpenAiServer>>;
