import { firstParam } from '../_lib/forms'

type Query = Record<string, string | string[] | undefined>

/** The outcome a form's action sent back in the URL: `notice` (done) or `problem` (refused). */
export function Notices({ query }: { query: Query }) {
  const notice = firstParam(query.notice)?.slice(0, 300)
  const problem = firstParam(query.problem)?.slice(0, 300)
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
