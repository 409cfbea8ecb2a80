import { processWide } from './processWide'

/**
 * The JSON text of each request the platform's route guard checked (within the limits) and handed
 * on, so that a fast path behind it (the booking route) does not read or check the body twice.
 */
const checkedTexts = processWide('checkedBodies', () => new WeakMap<Request, string>())

export const rememberCheckedBody = (request: Request, text: string): void => {
  checkedTexts.set(request, text)
}

/** The body text of a request the route guard checked, if it is one. */
export const checkedBodyText = (request: Request): string | undefined => checkedTexts.get(request)
