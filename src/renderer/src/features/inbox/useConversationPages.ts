import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput } from '../../../../shared/contract';
import type { Conversation } from '../../../../shared/model';
import type { AppErrorData } from '../../../../shared/result';
import { useClient } from '../../api/context';
import type { VisibleRange } from '../../components/VirtualList';
import { toUiError } from '../../lib/errors';

export const PAGE_SIZE = 100;

/** The list's filter without the paging (the pager adds offset and limit). */
export type ConversationQuery = Omit<MethodInput<'listConversations'>, 'offset' | 'limit'>;

interface PageEntry {
  /** The refresh generation this page was loaded in (older ones are shown until replaced). */
  gen: number;
  items: Conversation[] | null;
  error: AppErrorData | null;
}

interface State {
  key: string;
  gen: number;
  total: number | null;
  pages: ReadonlyMap<number, PageEntry>;
  range: VisibleRange;
}

const fresh = (key: string): State => ({
  key,
  gen: 0,
  total: null,
  pages: new Map(),
  range: { start: 0, end: 0 },
});

function pagesFor(range: VisibleRange, total: number | null): number[] {
  // Page 0 also tells an empty list when its first conversation arrives.
  if (total === null || total === 0) return [0];
  const first = Math.floor(range.start / PAGE_SIZE);
  const last = Math.floor(Math.max(range.start, Math.min(range.end, total) - 1) / PAGE_SIZE);
  const out: number[] = [];
  for (let p = first; p <= last; p++) out.push(p);
  // Read one page ahead, so scrolling on rarely meets an empty row.
  if ((last + 1) * PAGE_SIZE < total && range.end > (last + 1) * PAGE_SIZE - PAGE_SIZE / 4) {
    out.push(last + 1);
  }
  return out;
}

export interface ConversationPages {
  /** All conversations matching the filter (null until the first page answers). */
  total: number | null;
  /** The conversation at a row, or undefined while its page loads. */
  itemAt: (index: number) => Conversation | undefined;
  /** The newest error of a page on screen, if any. */
  error: AppErrorData | null;
  /** True while a page on screen is loading or refreshing. */
  loading: boolean;
  /** Tell the pager which rows are on screen (from VirtualList). */
  setRange: (range: VisibleRange) => void;
  /** Reloads the pages on screen (keeping them shown meanwhile); others reload when scrolled to. */
  refresh: () => void;
}

/**
 * Server-side pagination behind a virtual list: loads the pages of `PAGE_SIZE` that cover
 * the rows on screen (so scrolling loads further pages, and jumping to row 90,000 loads only
 * that page), keeps what it has shown while a refresh is on its way, and drops every answer
 * that belongs to an older filter.
 */
export function useConversationPages(query: ConversationQuery): ConversationPages {
  const { api } = useClient();
  const key = JSON.stringify(query);
  const [stored, setState] = useState<State>(() => fresh(key));
  const state = stored.key === key ? stored : fresh(key);
  const inFlight = useRef(new Set<string>());
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const update = useCallback(
    (forKey: string, change: (s: State) => State) =>
      setState((prev) => {
        const base = prev.key === forKey ? prev : fresh(forKey);
        return change(base);
      }),
    [],
  );

  const needed = pagesFor(state.range, state.total);
  const missing = needed.filter((p) => state.pages.get(p)?.gen !== state.gen);
  const missingKey = missing.join(',');

  useEffect(() => {
    if (!missingKey) return;
    const gen = state.gen;
    const filter = JSON.parse(key) as ConversationQuery;
    for (const p of missingKey.split(',').map(Number)) {
      const id = `${key}|${gen}|${p}`;
      if (inFlight.current.has(id)) continue;
      inFlight.current.add(id);
      const settle = (entry: PageEntry, total: number | null) => {
        inFlight.current.delete(id);
        if (!alive.current) return;
        update(key, (s) => {
          const had = s.pages.get(p);
          if (had && had.gen > gen) return s;
          const pages = new Map(s.pages);
          pages.set(
            p,
            entry.items === null && had?.items ? { ...had, gen, error: entry.error } : entry,
          );
          return { ...s, pages, total: total ?? s.total };
        });
      };
      api.listConversations({ ...filter, offset: p * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (page) => settle({ gen, items: page.items, error: null }, page.total),
        (err: unknown) => settle({ gen, items: null, error: toUiError(err) }, null),
      );
    }
  }, [api, key, state.gen, missingKey, update]);

  const setRange = useCallback(
    (range: VisibleRange) =>
      update(key, (s) =>
        s.range.start === range.start && s.range.end === range.end ? s : { ...s, range },
      ),
    [key, update],
  );

  const refresh = useCallback(
    () =>
      setState((prev) => {
        // Keep only what is near the screen: the rest is reloaded when scrolled to anyway.
        const near = new Set(pagesFor(prev.range, prev.total));
        const pages = new Map([...prev.pages].filter(([p]) => near.has(p)));
        return { ...prev, gen: prev.gen + 1, pages };
      }),
    [],
  );

  const itemAt = useCallback(
    (index: number) => {
      const page = state.pages.get(Math.floor(index / PAGE_SIZE));
      return page?.items?.[index % PAGE_SIZE];
    },
    [state.pages],
  );

  const error =
    needed.map((p) => state.pages.get(p)?.error).find((e): e is AppErrorData => !!e) ?? null;

  return {
    total: state.total,
    itemAt,
    error,
    loading: missing.length > 0 && !error,
    setRange,
    refresh,
  };
}
