/**
 * Where the renderer loads a message's media from. In a browser the admin listener serves
 * `/api/media/…` to the signed-in session; the desktop window (loaded from file://, no cookie)
 * reads the same files through the shell's `pulse-media:` protocol.
 */
export function mediaHref(url: string): string {
  return typeof window !== 'undefined' && window.pulse && url.startsWith('/api/media/')
    ? `pulse-media://media/${url.slice('/api/media/'.length)}`
    : url;
}
