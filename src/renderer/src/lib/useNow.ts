import { useEffect, useState } from 'react';

/** The current time in milliseconds, refreshed every `ms` (for countdowns and "5 min ago"). */
export function useNow(ms = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}
