/** A video URL the site knows how to embed. */
export type ParsedVideo =
  { embedUrl: string; provider: 'vimeo' | 'youtube' } | { provider: 'file'; src: string }

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be'])
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com'])
const VIDEO_FILE = /\.(mp4|webm|ogg|ogv|mov)$/i
const YOUTUBE_ID = /^[\w-]{11}$/

const youtubeId = (url: URL): string | undefined => {
  if (url.hostname === 'youtu.be') return url.pathname.slice(1)
  if (url.pathname === '/watch') return url.searchParams.get('v') ?? undefined
  const [, kind, id] = url.pathname.split('/')
  return kind === 'embed' || kind === 'shorts' || kind === 'live' ? id : undefined
}

/** A video file on the site itself: a path like `/videos/night.mp4` (never `//host/...`). */
const SITE_VIDEO = /^\/(?![/\\])[\w\-./%]+$/

/** YouTube, Vimeo, a direct https video file, or one on the site; anything else is undefined. */
export const parseVideoUrl = (value: string): ParsedVideo | undefined => {
  if (value.startsWith('/')) {
    const path = value.split(/[?#]/)[0] ?? ''
    return SITE_VIDEO.test(value) && !path.split('/').includes('..') && VIDEO_FILE.test(path)
      ? { provider: 'file', src: value }
      : undefined
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:') return undefined
  if (YOUTUBE_HOSTS.has(url.hostname)) {
    const id = youtubeId(url)
    return id && YOUTUBE_ID.test(id)
      ? { embedUrl: `https://www.youtube-nocookie.com/embed/${id}`, provider: 'youtube' }
      : undefined
  }
  if (VIMEO_HOSTS.has(url.hostname)) {
    const id = url.pathname.split('/').find((part) => /^\d+$/.test(part))
    return id ? { embedUrl: `https://player.vimeo.com/video/${id}`, provider: 'vimeo' } : undefined
  }
  return VIDEO_FILE.test(url.pathname) ? { provider: 'file', src: url.toString() } : undefined
}
