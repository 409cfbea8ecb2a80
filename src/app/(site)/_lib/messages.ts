import { sitePayload } from './payload'
import { type Messages, type Query, signedMessages, signedPath } from './signedMessages'

/** A path of this site with its query, the messages in it signed with the app's secret. */
export const pathWith = async (
  path: string,
  params: Record<string, string | undefined>,
): Promise<string> => signedPath((await sitePayload()).secret, path, params)

/** The messages of a page's query that this site signed (./signedMessages.ts). */
export const messagesOf = async (query: Query): Promise<Messages> =>
  signedMessages((await sitePayload()).secret, query)
