import type express from 'express';
import type { Handlers, MethodName } from '../../../shared/contract';
import { parseInput } from '../../../shared/contract';
import { AppError, toErrorData } from '../../../shared/result';
import type { CallContext } from '../rpc';
import { HTTP_STATUS } from './errors';

// The REST endpoints the earlier system exposed (DATA-MODEL.md): the same handlers as the
// contract, with snake_case fields and {count, next, previous, results} pagination.

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), v]));
}

/** snake_case keys all the way down; map keys that are data (currency codes) have no camel humps. */
function snakeDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => '_' + c.toLowerCase()),
      snakeDeep(v),
    ]),
  );
}

const bool = (v: unknown) =>
  v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

function paging(q: express.Request['query']) {
  const pageSize = Math.min(int(q.page_size) ?? 50, 500);
  const page = Math.max(int(q.page) ?? 1, 1);
  return { offset: (page - 1) * pageSize, limit: pageSize, page };
}

function pageLink(req: express.Request, page: number): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('page', String(page));
  return url.pathname + url.search;
}

function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function mountRest(app: express.Express, handlers: Handlers<CallContext>): void {
  const run = async <M extends MethodName>(res: express.Response, name: M, input: unknown) => {
    const parsed = parseInput(name, input);
    if (!parsed.ok)
      throw new AppError(parsed.error.code, parsed.error.message, parsed.error.fields);
    const handler = handlers[name] as (i: unknown, c: CallContext) => Promise<unknown>;
    return handler(parsed.value, res.locals.ctx as CallContext);
  };
  const route =
    (fn: (req: express.Request, res: express.Response) => Promise<unknown>) =>
    async (req: express.Request, res: express.Response) => {
      try {
        res.json(await fn(req, res));
      } catch (err) {
        const data = toErrorData(err);
        res
          .status(HTTP_STATUS[data.code])
          .json({ detail: data.message, code: data.code, fields: data.fields });
      }
    };
  const paged = async (
    req: express.Request,
    res: express.Response,
    name: 'listConversations' | 'listVoters',
    filter: object,
  ) => {
    const p = paging(req.query);
    const result = (await run(res, name, {
      ...compact(filter),
      offset: p.offset,
      limit: p.limit,
    })) as {
      items: unknown[];
      total: number;
    };
    return {
      count: result.total,
      next: p.offset + p.limit < result.total ? pageLink(req, p.page + 1) : null,
      previous: p.page > 1 ? pageLink(req, p.page - 1) : null,
      results: snakeKeys(result.items),
    };
  };

  const base = '/api/whatsapp';
  app.get(
    `${base}/conversations/analytics`,
    route(async (req, res) => {
      const range = compact({ from: str(req.query.from), to: str(req.query.to) });
      const summary = await run(res, 'getAnalytics', range);
      // The dashboard's figures next to the earlier fields (kept as they were).
      const {
        from: _from,
        to: _to,
        conversations: _c,
        messages: _m,
        voters: _v,
        model: _model,
        ...figures
      } = (await run(
        res,
        'getDashboard',
        compact({
          ...range,
          language: str(req.query.language),
          campaign: str(req.query.campaign),
          bot: str(req.query.bot),
          bucket: str(req.query.bucket),
        }),
      )) as Record<string, unknown>;
      return { ...(snakeKeys(summary) as object), ...(snakeDeep(figures) as object) };
    }),
  );
  app.post(
    `${base}/conversations/generate_link`,
    route(async (req, res) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      return snakeKeys(
        await run(
          res,
          'generateLink',
          compact({ text: b.text, campaign: b.campaign, referralCode: b.referral_code }),
        ),
      );
    }),
  );
  app.get(
    `${base}/conversations`,
    route((req, res) =>
      paged(req, res, 'listConversations', {
        search: str(req.query.search),
        language: str(req.query.language),
        sentiment: str(req.query.sentiment),
        category: str(req.query.category),
        channel: str(req.query.channel),
        campaign: str(req.query.campaign),
        bot: str(req.query.bot),
        humanHandoff: bool(req.query.human_handoff),
        resolved: bool(req.query.resolved),
        topic: str(req.query.topic),
        issue: str(req.query.issue),
        handoffReason: str(req.query.handoff_reason),
        location: str(req.query.location),
        from: str(req.query.from),
        to: str(req.query.to),
      }),
    ),
  );
  app.get(
    `${base}/conversations/:id`,
    route(async (req, res) => {
      // The whole thread unless `limit` asks for its newest messages only.
      const limit = req.query.limit === undefined ? 10_000 : Number(req.query.limit);
      const detail = (await run(res, 'getConversation', { id: req.params.id, limit })) as {
        conversation: object;
        messages: unknown[];
        earlierMessages: number;
      };
      return {
        ...(snakeKeys(detail.conversation) as object),
        messages: snakeKeys(detail.messages),
        earlier_messages: detail.earlierMessages,
      };
    }),
  );
  app.get(
    `${base}/voters`,
    route((req, res) =>
      paged(req, res, 'listVoters', {
        search: str(req.query.search),
        language: str(req.query.language),
      }),
    ),
  );
  app.get(
    `${base}/bots`,
    route(async (_req, res) => snakeKeys(await run(res, 'listBots', {}))),
  );
  app.get(
    `${base}/messages`,
    route(async (req, res) =>
      snakeKeys(
        await run(
          res,
          'listMessages',
          compact({ conversationId: str(req.query.conversation), limit: int(req.query.limit) }),
        ),
      ),
    ),
  );
}
