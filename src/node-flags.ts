/**
 * The Node options the service is started with: by `npm start`, the container image's CMD, the
 * tests' and the benchmark's service processes. V8 sizes its heap spaces when the process starts,
 * so these are command-line options; setting them later (v8.setFlagsFromString) has no effect.
 *
 * --max-semi-space-size=8 (MB): the young generation's semi-spaces. V8's default on 64-bit (16 MB,
 * a 32 MB new space) kept 20–45 MB more resident through a job for no measurable gain: a
 * 262,002-operation job peaked at 265 MB RSS with it against 287–311 MB without, at 162 against
 * 150–168 CPU ms per 1,000 operations (`npm run bench:scale`, README "Benchmark").
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
