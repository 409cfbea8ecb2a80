/**
 * The pictures the admin's block picker shows for each block: small SVG drawings of what the
 * block looks like on a page, as data URLs, so they ship inside the plugin and need no file
 * hosting or network (Payload's placeholder was the same image for every block).
 */
const ACCENT = '#2563eb'
const INK = '#334155'
const LINE = '#cbd5e1'
const PAPER = '#f8fafc'

const svg = (body: string) =>
  `data:image/svg+xml;charset=utf-8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 320"><rect width="480" height="320" fill="${PAPER}"/>${body}</svg>`,
  )}`

const lines = (x: number, y: number, widths: number[], gap = 22, height = 10) =>
  widths
    .map(
      (width, i) =>
        `<rect x="${x}" y="${y + i * gap}" width="${width}" height="${height}" rx="5" fill="${LINE}"/>`,
    )
    .join('')

/** A framed picture: sky, sun and two hills. */
const picture = (x: number, y: number, w: number, h: number) =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="#dbeafe"/>` +
  `<circle cx="${x + w * 0.75}" cy="${y + h * 0.3}" r="${h * 0.12}" fill="#fbbf24"/>` +
  `<path d="M${x} ${y + h} L${x + w * 0.35} ${y + h * 0.45} L${x + w * 0.6} ${y + h * 0.75} L${x + w * 0.75} ${y + h * 0.6} L${x + w} ${y + h} Z" fill="#60a5fa"/>`

export const blockThumbnails = {
  contactForm: svg(
    `${lines(120, 40, [90])}` +
      `<rect x="120" y="66" width="240" height="34" rx="6" fill="#fff" stroke="${LINE}" stroke-width="3"/>` +
      `${lines(120, 114, [70])}` +
      `<rect x="120" y="140" width="240" height="34" rx="6" fill="#fff" stroke="${LINE}" stroke-width="3"/>` +
      `${lines(120, 188, [80])}` +
      `<rect x="120" y="214" width="240" height="50" rx="6" fill="#fff" stroke="${LINE}" stroke-width="3"/>` +
      `<rect x="120" y="276" width="100" height="30" rx="15" fill="${ACCENT}"/>`,
  ),
  eventList: svg(
    [0, 1, 2]
      .map((i) => {
        const y = 40 + i * 88
        return (
          `<rect x="60" y="${y}" width="360" height="72" rx="10" fill="#fff" stroke="${LINE}" stroke-width="3"/>` +
          `<rect x="76" y="${y + 12}" width="48" height="48" rx="8" fill="${ACCENT}"/>` +
          `<rect x="86" y="${y + 22}" width="28" height="8" rx="4" fill="#fff"/>` +
          `<rect x="90" y="${y + 36}" width="20" height="14" rx="4" fill="#fff"/>` +
          lines(140, y + 18, [180, 120], 22, 10)
        )
      })
      .join(''),
  ),
  gallery: svg(
    [0, 1, 2, 3, 4, 5]
      .map((i) => picture(52 + (i % 3) * 130, 52 + Math.floor(i / 3) * 112, 116, 96))
      .join(''),
  ),
  hero: svg(
    `<rect x="0" y="0" width="480" height="320" fill="#1e3a8a"/>` +
      `<rect x="110" y="96" width="260" height="26" rx="8" fill="#fff"/>` +
      `<rect x="150" y="140" width="180" height="12" rx="6" fill="#93c5fd"/>` +
      `<rect x="190" y="186" width="100" height="36" rx="18" fill="#fbbf24"/>`,
  ),
  image: svg(`${picture(80, 40, 320, 200)}${lines(160, 262, [160])}`),
  richText: svg(
    `<rect x="60" y="44" width="220" height="20" rx="6" fill="${INK}"/>` +
      lines(60, 92, [360, 340, 350, 300]) +
      lines(60, 190, [360, 320, 200]),
  ),
  video: svg(
    `<rect x="60" y="40" width="360" height="220" rx="10" fill="${INK}"/>` +
      `<circle cx="240" cy="150" r="40" fill="#fff" opacity="0.9"/>` +
      `<path d="M228 128 L262 150 L228 172 Z" fill="${INK}"/>` +
      `<rect x="60" y="274" width="360" height="8" rx="4" fill="${LINE}"/>` +
      `<rect x="60" y="274" width="130" height="8" rx="4" fill="${ACCENT}"/>`,
  ),
} as const

export type BlockWithThumbnail = keyof typeof blockThumbnails

/** A block's picker picture and its description for screen readers. */
export const thumbnailOf = (block: BlockWithThumbnail, what: string) => ({
  imageAltText: what,
  imageURL: blockThumbnails[block],
})
