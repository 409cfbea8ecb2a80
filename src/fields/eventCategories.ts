/** Event categories, shared by events and the event-list block. */
export const eventCategories = [
  'concert',
  'conference',
  'workshop',
  'festival',
  'theatre',
  'comedy',
  'sports',
  'exhibition',
  'party',
  'other',
] as const
