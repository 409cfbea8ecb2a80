import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * Two plugins in one package, over a shared core:
 * - shared core, src/utilities: imports nothing else of the package;
 * - the platform plugin, src/platform: imports only itself and the shared core (any Payload app
 *   can use it without the events domain);
 * - the events domain, bottom to top: domain core (the other folders of src/) -> hooks/ ->
 *   collections/ and globals/. It never imports the platform: what both need is shared core.
 * - the composition root, src/plugin, src/exports and src/index.ts, puts them together.
 * A layer imports only from the layers below it. The reference app (src/app, scripts, bench,
 * migrations, payload.config.ts) uses the package through its name only.
 */
const notCore = [
  'src/app/**',
  'src/plugin/**',
  'src/exports/**',
  'src/index.ts',
  'src/platform/**',
  'src/utilities/**',
]
const referenceApp = ['scripts/**', 'bench/**', 'migrations/**', 'payload.config.ts']
/** What src/ holds besides the reference app's routes, as seen from inside src/app. */
const pluginInSrc =
  'access|audit|auth|blocks|components|db|defaults|documents|exports|fields|index|platform|plugin|privacy|settings|site|slugs|tickets|types|utilities'

/** Relative imports that reach into a folder (whatever the number of ../). */
const into = (...folders) => `^(\\.\\.?/)+(${folders.join('|')})(/|\\.js$|$)`

const restrict = (...patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map(([regex, message]) => ({ message, regex })),
    },
  ],
})

const appOnly = [
  into('payload-types', 'src/app', 'scripts', 'bench', 'tests'),
  'The plugin must not depend on the reference app (its generated types, routes, scripts or tests).',
]
const noSelf = [
  '^(payload-events-cms|@payload-config)(/|$)',
  'Inside the plugin, import its modules by relative path.',
]
const upward = (layer, ...folders) => [
  into(...folders),
  `${layer} may not import from a higher layer (${folders.join(', ')}).`,
]
const noPlatform = (...path) => [
  into(...path),
  'The events domain does not import the platform plugin: move what both need to the shared core (src/utilities).',
]
/** A relative import that leaves the folder `levels` up, except into src/utilities. */
const outOf = (levels, message) => [`^(\\.\\./){${levels}}(?!utilities(/|$))`, message]
const platformAlone =
  'The platform plugin imports only itself and the shared core (src/utilities): it must work in an app without the events domain.'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      '.data/',
      'dist/',
      'media/',
      'payload-types.ts',
      'src/app/(payload)/admin/importMap.js',
      'next-env.d.ts',
      'scratch/',
      'bench/results/',
      // Type-checked and linted as a separate app by the consumer test.
      'tests/consumer/host/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/utilities/**/*.ts'],
    rules: restrict(appOnly, noSelf, [
      '^\\.\\./',
      'The shared core (src/utilities) imports nothing else of the package: both plugins build on it.',
    ]),
  },
  {
    files: ['src/platform/*.ts'],
    rules: restrict(appOnly, noSelf, outOf(1, platformAlone)),
  },
  {
    files: ['src/platform/*/*.ts'],
    rules: restrict(appOnly, noSelf, outOf(2, platformAlone)),
  },
  {
    files: ['src/platform/*/*/*.ts'],
    rules: restrict(appOnly, noSelf, outOf(3, platformAlone)),
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: notCore,
    rules: restrict(
      appOnly,
      noSelf,
      noPlatform('platform'),
      upward('Domain core (src/)', 'hooks', 'collections', 'globals', 'plugin', 'exports', 'index'),
    ),
  },
  {
    files: ['hooks/**/*.ts'],
    rules: restrict(
      appOnly,
      noSelf,
      noPlatform('src/platform'),
      upward('hooks/', 'collections', 'globals', 'src/plugin', 'src/exports', 'src/index'),
    ),
  },
  {
    files: ['collections/**/*.{ts,tsx}', 'globals/**/*.{ts,tsx}'],
    rules: restrict(
      appOnly,
      noSelf,
      noPlatform('src/platform'),
      upward('collections/ and globals/', 'src/plugin', 'src/exports', 'src/index'),
    ),
  },
  {
    files: ['src/plugin/**/*.ts', 'src/exports/**/*.ts', 'src/index.ts'],
    rules: restrict(appOnly, noSelf),
  },
  {
    files: referenceApp,
    rules: restrict([
      into('collections', 'globals', 'hooks', 'src/(?!app/)[^/]+'),
      "The reference app uses the plugin through its package name ('payload-events-cms'), as any app does.",
    ]),
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    rules: restrict([
      `^(\\.\\./)+(${pluginInSrc})(/|\\.js$|$)`,
      "The reference app uses the plugin through its package name ('payload-events-cms'), as any app does.",
    ]),
  },
  {
    // Plain JavaScript run by Node itself (the production server, the exit-with-parent preload).
    files: ['scripts/**/*.{cjs,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Generated by `payload migrate:create`: every migration receives { db, payload, req }.
    files: ['migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Times the platform's guards themselves, which no app imports (they apply on their own).
    files: ['bench/guards.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
