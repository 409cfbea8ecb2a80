import { messagesOf } from '../_lib/messages'

type Query = Record<string, string | string[] | undefined>

/**
 * The outcome a form's action sent back in the URL: `notice` (done) or `problem` (refused), shown
 * only when the site signed it (../_lib/messages.ts).
 */
export async function Notices({ query }: { query: Query }) {
  const { notice, problem } = await messagesOf(query)
  return (
    <>
      {notice ? (
        <p className="outcome" role="status">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  )
}
