import type { Access, AccessArgs, AccessResult, Where } from 'payload'

/** Grants what any of the given access functions grants; `Where` results are OR-ed together. */
export const or =
  (...checks: Access[]): Access =>
  async (args: AccessArgs) => {
    const wheres: Where[] = []
    for (const check of checks) {
      const result: AccessResult = await check(args)
      if (result === true) return true
      if (result && typeof result === 'object') wheres.push(result)
    }
    if (wheres.length === 0) return false
    return wheres.length === 1 && wheres[0] ? wheres[0] : { or: wheres }
  }
