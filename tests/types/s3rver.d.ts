/** The part of s3rver (an S3-protocol server in Node, for tests) the suites use; it ships no types. */
declare module 's3rver' {
  import type { AddressInfo } from 'node:net'

  type Options = {
    address?: string
    configureBuckets?: { configs: string[]; name: string }[]
    directory?: string
    port?: number
    silent?: boolean
  }

  export default class S3rver {
    constructor(options: Options)
    run(): Promise<AddressInfo>
    close(): Promise<void>
  }
}
