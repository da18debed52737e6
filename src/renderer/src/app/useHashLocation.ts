import { useSyncExternalStore } from 'react';
import type { Location, RouteId } from './routes';
import { hrefFor, parseHash } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

/** The current hash route; re-renders on back/forward and on link clicks. */
export function useHashLocation(): Location {
  return parseHash(useSyncExternalStore(subscribe, readHash, readHash));
}

/** Navigates by changing the hash (adds a history entry). */
export function navigate(id: RouteId, param?: string | null): void {
  window.location.hash = hrefFor(id, param);
}
