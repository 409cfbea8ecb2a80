'use client'
/**
 * `payload-events-cms/client`: client components. The admin needs none today (the history panel is
 * a server component, see `./rsc`); the entry exists so that admin components added later keep a
 * stable path, as Payload's own plugins do.
 */
export {}
