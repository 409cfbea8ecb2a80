// Loaded with --require into the Next.js server that `npm run dev` / `npm start` runs: when the
// parent that owns the embedded PostgreSQL dies (kill -9 included), this process is reparented and
// exits too, instead of serving on as an orphan that holds the port against the next start.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) process.exit(1)
}, 250).unref()
