import type { RequiredDataFromCollectionSlug } from 'payload'

/** Lexical JSON: one paragraph per string; strings starting with "## " become headings. */
export const lexical = (...paragraphs: string[]) => ({
  root: {
    type: 'root',
    children: paragraphs.map((text) => {
      const heading = text.startsWith('## ')
      const children = [
        {
          type: 'text',
          detail: 0,
          format: 0,
          mode: 'normal',
          style: '',
          text: heading ? text.slice(3) : text,
          version: 1,
        },
      ]
      return heading
        ? {
            type: 'heading',
            children,
            direction: 'ltr' as const,
            format: '' as const,
            indent: 0,
            tag: 'h2',
            version: 1,
          }
        : {
            type: 'paragraph',
            children,
            direction: 'ltr' as const,
            format: '' as const,
            indent: 0,
            textFormat: 0,
            version: 1,
          }
    }),
    direction: 'ltr' as const,
    format: '' as const,
    indent: 0,
    version: 1,
  },
})

/** A contact form (plugin-form-builder): name, email and message, mailed to `to` after commit. */
export const contactForm = ({ from, title, to }: { from: string; title: string; to: string }) => ({
  confirmationMessage: lexical('Thank you! We will get back to you within two working days.'),
  confirmationType: 'message' as const,
  emails: [
    {
      emailFrom: from,
      emailTo: to,
      message: lexical('A new message came in.'),
      subject: 'Contact form: {{name}}',
    },
  ],
  fields: [
    { name: 'name', blockType: 'text' as const, label: 'Name', required: true },
    { name: 'email', blockType: 'email' as const, label: 'Email', required: true },
    { name: 'message', blockType: 'textarea' as const, label: 'Message', required: true },
  ],
  submitButtonLabel: 'Send message',
  title,
})

export type SeedMedia = { hero: string; stage: string; venue: string; workshop: string }

/** The sample video, served by the app itself from public/ (no video host needed). */
export const SAMPLE_VIDEO = '/videos/harbour-night.mp4'

export const sampleVenues = [
  {
    address: { city: 'Hamburg', street: 'Hafenstrasse 1' },
    capacity: 400,
    name: 'Harbour Hall',
    slug: 'harbour-hall',
  },
  {
    address: { city: 'Berlin', street: 'Kulturplatz 5' },
    capacity: 150,
    name: 'Kulturhaus Mitte',
    slug: 'kulturhaus-mitte',
  },
] satisfies RequiredDataFromCollectionSlug<'venues'>[]

const DAY = 24 * 60 * 60 * 1000

/** Upcoming published events spread over the next weeks (dates relative to the seed run). */
export const sampleEvents = (venues: Record<string, string>, organizer: string) =>
  [
    {
      category: 'concert',
      days: 7,
      price: 24.5,
      slug: 'harbour-jazz-night',
      title: 'Harbour Jazz Night',
      venue: 'harbour-hall',
    },
    {
      category: 'workshop',
      days: 10,
      price: 0,
      slug: 'songwriting-workshop',
      title: 'Songwriting Workshop',
      venue: 'kulturhaus-mitte',
    },
    {
      category: 'concert',
      days: 14,
      price: 39,
      slug: 'symphonic-rock',
      title: 'Symphonic Rock',
      venue: 'harbour-hall',
    },
    {
      category: 'comedy',
      days: 21,
      price: 18,
      slug: 'open-mic-comedy',
      title: 'Open Mic Comedy',
      venue: 'kulturhaus-mitte',
    },
  ].map(({ days, venue, ...event }) => {
    const start = Date.now() + days * DAY
    return {
      ...event,
      capacity: 100,
      currency: 'EUR',
      description: lexical(`${event.title}: an evening you will remember.`),
      endDate: new Date(start + 3 * 60 * 60 * 1000).toISOString(),
      organizer,
      startDate: new Date(start).toISOString(),
      status: 'published',
      venue: venues[venue] ?? '',
    } as RequiredDataFromCollectionSlug<'events'>
  })

/** The five starter pages; together they use every block type. */
export const samplePages = (
  media: SeedMedia,
  formId: string,
): RequiredDataFromCollectionSlug<'pages'>[] => [
  {
    _status: 'published',
    layout: [
      {
        alignment: 'center',
        backgroundImage: media.hero,
        blockType: 'hero',
        cta: { link: '/about', text: 'About us' },
        heading: 'Live events, all year round',
        subheading: 'Concerts, workshops and comedy in Hamburg and Berlin.',
      },
      { blockType: 'eventList', count: 6, layout: 'grid', sort: 'startDate', heading: 'Coming up' },
      {
        blockType: 'gallery',
        columns: 2,
        images: [
          { caption: 'Rehearsals', image: media.stage },
          { caption: 'Workshops', image: media.workshop },
          { caption: 'Harbour view', image: media.hero },
          { caption: 'Harbour Hall', image: media.venue },
        ],
        spacing: 'medium',
      },
      {
        blockType: 'video',
        caption: 'A night at Harbour Hall',
        thumbnail: media.stage,
        url: SAMPLE_VIDEO,
      },
    ],
    meta: {
      description: 'Concerts, workshops and comedy: see what is on and book your seats.',
      image: media.hero,
    },
    slug: 'home',
    title: 'Home',
  },
  {
    _status: 'published',
    layout: [
      { alignment: 'left', blockType: 'hero', heading: 'About us', backgroundImage: media.venue },
      {
        alignment: 'left',
        blockType: 'richText',
        content: lexical('## Who we are', 'We run two venues and host over 200 events a year.'),
      },
      {
        alignment: 'center',
        blockType: 'image',
        caption: 'The main stage',
        media: media.stage,
        width: 'wide',
      },
      {
        blockType: 'eventList',
        category: 'concert',
        count: 3,
        layout: 'list',
        sort: 'startDate',
        heading: 'Concerts',
      },
    ],
    slug: 'about',
    title: 'About',
  },
  {
    _status: 'published',
    layout: [
      {
        alignment: 'left',
        blockType: 'richText',
        content: lexical('## Contact', 'Questions about an event or a booking? Write to us.'),
      },
      { blockType: 'contactForm', form: formId, heading: 'Send us a message' },
    ],
    slug: 'contact',
    title: 'Contact',
  },
  {
    _status: 'published',
    layout: [
      {
        alignment: 'left',
        blockType: 'richText',
        content: lexical(
          '## Terms',
          'Bookings are personal. Paid bookings hold seats for 15 minutes until paid.',
        ),
      },
    ],
    slug: 'terms',
    title: 'Terms and conditions',
  },
  {
    _status: 'published',
    layout: [
      {
        alignment: 'left',
        blockType: 'richText',
        content: lexical(
          '## Privacy',
          'We store what you give us to run your bookings, and nothing else.',
        ),
      },
    ],
    slug: 'privacy',
    title: 'Privacy policy',
  },
]
