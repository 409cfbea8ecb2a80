/** A client of the app's REST API for the drills: JSON or multipart in, status and JSON out. */
export type ApiAnswer = { json: Record<string, unknown>; status: number; text: string }

/** One request to `${origin}/api${route}`; status 0 when nothing answered within 30 s. */
export const apiRequest = async (
  origin: string,
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<ApiAnswer> => {
  const form = body instanceof FormData
  try {
    const response = await fetch(`${origin}/api${route}`, {
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      headers: {
        ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `JWT ${token}` } : {}),
      },
      method,
      signal: AbortSignal.timeout(30_000),
    })
    const text = await response.text()
    let json: Record<string, unknown> = {}
    try {
      json = JSON.parse(text) as Record<string, unknown>
    } catch {
      // not JSON (a file)
    }
    return { json, status: response.status, text }
  } catch {
    return { json: {}, status: 0, text: '' } // no answer at all (the app is down)
  }
}

const idOf = (answer: ApiAnswer): string | undefined =>
  (answer.json.doc as { id?: string } | undefined)?.id

/** A venue and a free, published event a week ahead with `capacity` seats; its id. */
export const createBookableEvent = async (
  origin: string,
  token: string,
  { capacity, title }: { capacity: number; title: string },
): Promise<string | undefined> => {
  const venue = await apiRequest(
    origin,
    'POST',
    '/venues',
    { address: { city: 'Berlin' }, capacity: Math.max(capacity, 500), name: `${title} Hall` },
    token,
  )
  const start = Date.now() + 7 * 86_400_000
  const event = await apiRequest(
    origin,
    'POST',
    '/events',
    {
      capacity,
      endDate: new Date(start + 3_600_000).toISOString(),
      price: 0,
      startDate: new Date(start).toISOString(),
      status: 'published',
      title,
      venue: idOf(venue),
    },
    token,
  )
  return idOf(event)
}
