// The layer rules of docs/ARCHITECTURE.md, checked by tests/unit/layers.test.ts (`npm test`).
// Folders are listed from the ground floor up: a file may import its own layer and the layers
// below it, never one above; no files may import each other in a loop; and only kafka/ imports kafkajs.
const LAYERS = [
  { name: 'ground', path: '^infra/' },
  { name: 'event-envelope', path: '^events/(?!catalogue\\.ts$)' },
  { name: 'case-kit', path: '^workflows/case-kit/' },
  { name: 'case-kinds', path: '^workflows/(victim|suspect|operation|flight)/' },
  { name: 'registry', path: '^(workflows/(kinds|index|lifecycles)\\.ts|events/catalogue\\.ts)$' },
  { name: 'policy-and-adapters', path: '^(access|privacy|codec|kafka)/' },
  { name: 'stores', path: '^(eventstore|audit)/' },
  { name: 'services', path: '^(activities|projections|streams|cases)/' },
  { name: 'api', path: '^api/' },
  { name: 'processes', path: '^app/' },
  { name: 'local-stack', path: '^stack/' },
  { name: 'tools', path: '^(cli|bench|chaos|demo|scripts|tests|console)/' },
];

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer.name}`,
  comment: `${layer.name} is below ${LAYERS.slice(index + 1)
    .map((l) => l.name)
    .join(', ')}: it must not import them`,
  severity: 'error',
  from: { path: layer.path },
  to: {
    path: LAYERS.slice(index + 1)
      .map((l) => `(${l.path})`)
      .join('|'),
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'files that import each other in a loop cannot be understood, or moved, one at a time',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unlayered-source',
      comment: 'every source folder belongs to a layer: add a new folder to LAYERS in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '\\.ts$', pathNot: `${LAYERS.map((l) => `(${l.path})`).join('|')}|^[^/]+\\.ts$` },
      to: {},
    },
    {
      name: 'kafkajs-only-in-kafka',
      comment:
        'kafka/ is the only module that speaks to Kafka: use its client, producer, consumer and topic functions, so that changing the Kafka client touches kafka/ alone',
      severity: 'error',
      from: { pathNot: '^kafka/' },
      // The resolved path, wherever node_modules lives (a worktree links to another checkout's).
      to: { path: '(^|/)node_modules/kafkajs/' },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.taskforce|tests/fixtures/layers)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
