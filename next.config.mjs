import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The data directory of the embedded PostgreSQL must never be watched or bundled.
  outputFileTracingExcludes: { '*': ['.data/**'] },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
