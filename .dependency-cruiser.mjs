// @ts-check
/**
 * The layer rules of src/ (README "Architecture"), checked by dependency-cruiser in `npm run lint`,
 * so `npm test` and CI fail on a violation. Type-only imports count: a layer that needs another's
 * types depends on it. Run `npx depcruise src` to see the violations alone.
 *
 *   server.ts, app.ts     wire everything (the only modules that may import every layer)
 *   http/                 → domain, errors, schema, uri, config, logger   (never the store)
 *   domain/               → errors, schema, uri, config, logger           (never http, the store, neo4j-driver)
 *   store/                → domain (its ports and records), errors, schema, uri
 *   kafka/                → domain (its EventPublisher port), config     (the only module that speaks Kafka)
 *   uri/, schema/, errors.ts  → each other only (never domain, http, store)
 *   cli/                  → nothing else of src/ (a pure HTTP client of the service), and nothing imports it
 *   src/ as a whole       → never the tooling (scripts/, test/) or a dev dependency (testcontainers…)
 *   ui/ (the web console) → nothing of src/ (a client of the public API, bundled by Vite); src/ → nothing of ui/
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the modules in it can only be understood, tested and changed together.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'http-not-to-store',
      severity: 'error',
      comment: 'The HTTP layer reaches Neo4j only through the domain and its ports; the store is wired in by server.ts/app.ts.',
      from: { path: '^src/http/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'domain-not-to-transport-or-store',
      severity: 'error',
      comment: 'The domain is plain TypeScript: no HTTP, no store, no neo4j-driver (it talks to Neo4j through src/domain/ports.ts).',
      from: { path: '^src/domain/' },
      to: { path: ['^src/http/', '^src/store/', '^src/kafka/', '^node_modules/neo4j-driver', '^node_modules/@platformatic/kafka'] },
    },
    {
      name: 'kafka-only-in-its-adapter',
      severity: 'error',
      comment: 'The event bus is spoken by src/kafka alone (wired in by server.ts), as Cypher by src/store alone.',
      from: { path: '^src/', pathNot: ['^src/kafka/'] },
      to: { path: '^node_modules/@platformatic/kafka' },
    },
    {
      name: 'http-not-to-kafka',
      severity: 'error',
      comment: 'The HTTP layer knows nothing of the event bus.',
      from: { path: '^src/http/' },
      to: { path: '^src/kafka/' },
    },
    {
      name: 'foundations-not-to-layers',
      severity: 'error',
      comment: 'URIs, the schema and the error catalogue are the ground every layer stands on; they import no layer.',
      from: { path: ['^src/uri/', '^src/schema/', '^src/errors\\.ts$'] },
      to: { path: ['^src/domain/', '^src/http/', '^src/store/'] },
    },
    {
      name: 'cli-is-a-pure-client',
      severity: 'error',
      comment: 'The command-line client talks to the service over HTTP only: it runs against any instance, and the service can change inside without breaking it.',
      from: { path: '^src/cli/' },
      to: { path: '^src/(domain|http|store|kafka|schema|uri)/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'service-not-to-cli',
      severity: 'error',
      comment: 'The service never depends on its command-line client.',
      from: { path: '^src/(?!cli/)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'product-not-to-tooling',
      severity: 'error',
      comment: 'The service needs only NEO4J_URI: provisioning, tests and benchmarks live outside src/ and the product never imports them.',
      from: { path: '^src/' },
      to: { path: ['^scripts/', '^test/', '^node_modules/(@testcontainers/|testcontainers/)'] },
    },
    {
      name: 'product-not-to-dev-dependencies',
      severity: 'error',
      comment: 'The image installs dependencies only (npm prune --omit=dev): a dev dependency imported by src/ breaks it at run time.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'console-is-a-pure-client',
      severity: 'error',
      comment: 'The web console (ui/) reads everything through the public API: it imports nothing of the service, so the API description stays the contract.',
      from: { path: '^ui/' },
      to: { path: '^src/' },
    },
    {
      name: 'service-not-to-console',
      severity: 'error',
      comment: 'The service serves the console\'s built files (dist/ui) and never imports its source.',
      from: { path: '^src/' },
      to: { path: '^ui/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve escapes every rule above.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
