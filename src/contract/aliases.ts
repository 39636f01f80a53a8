/**
 * Names that mean the same machine. Node's own names (`process.arch`, `process.platform`) are the
 * canonical ones; ImportSpy for Python and package managers use others.
 */

/** Canonical CPU architectures (Node's `process.arch` names). */
export const ARCHES = ['x64', 'arm64', 'ia32', 'arm', 'ppc64', 'ppc', 's390x', 's390', 'riscv64', 'loong64', 'mips', 'mipsel'] as const;
export type Arch = (typeof ARCHES)[number];

const ARCH_ALIASES = {
  x86_64: 'x64',
  amd64: 'x64',
  aarch64: 'arm64',
  i386: 'ia32',
  i686: 'ia32',
  x86: 'ia32',
  armv7l: 'arm',
  armhf: 'arm',
  ppc64le: 'ppc64',
} as const satisfies Readonly<Record<string, Arch>>;

/** Canonical operating systems (Node's `process.platform` names). */
export const SYSTEMS = ['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android'] as const;
export type OperatingSystem = (typeof SYSTEMS)[number];

const OS_ALIASES = {
  macos: 'darwin',
  osx: 'darwin',
  windows: 'win32',
  win: 'win32',
  solaris: 'sunos',
} as const satisfies Readonly<Record<string, OperatingSystem>>;

export const LIBCS = ['glibc', 'musl'] as const;
export type Libc = (typeof LIBCS)[number];

export const RUNTIMES = ['node', 'bun', 'deno'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

const RUNTIME_ALIASES = { nodejs: 'node' } as const satisfies Readonly<Record<string, RuntimeName>>;

/** An architecture as a contract may spell it: a canonical name or an alias. */
export type ArchName = Arch | keyof typeof ARCH_ALIASES;
/** An operating system as a contract may spell it. */
export type OperatingSystemName = OperatingSystem | keyof typeof OS_ALIASES;
/** A runtime as a contract may spell it. */
export type RuntimeNameInput = RuntimeName | keyof typeof RUNTIME_ALIASES;

const names = <T extends string>(known: readonly T[], aliases: object): readonly [T, ...T[]] => [...known, ...(Object.keys(aliases) as T[])] as [T, ...T[]];

/** Every spelling accepted in a contract, canonical names first. */
export const ARCH_NAMES: readonly [ArchName, ...ArchName[]] = names<ArchName>(ARCHES, ARCH_ALIASES);
export const OS_NAMES: readonly [OperatingSystemName, ...OperatingSystemName[]] = names<OperatingSystemName>(SYSTEMS, OS_ALIASES);
export const RUNTIME_NAMES: readonly [RuntimeNameInput, ...RuntimeNameInput[]] = names<RuntimeNameInput>(RUNTIMES, RUNTIME_ALIASES);

function canonical<T extends string>(known: readonly T[], aliases: Readonly<Record<string, T>>, name: string): T | undefined {
  const lower = name.toLowerCase();
  if ((known as readonly string[]).includes(lower)) return lower as T;
  return Object.hasOwn(aliases, lower) ? aliases[lower] : undefined;
}

export const canonicalArch = (name: string): Arch | undefined => canonical(ARCHES, ARCH_ALIASES, name);
export const canonicalOs = (name: string): OperatingSystem | undefined => canonical(SYSTEMS, OS_ALIASES, name);
export const canonicalRuntime = (name: string): RuntimeName | undefined => canonical(RUNTIMES, RUNTIME_ALIASES, name);

/** Annotations an environment variable may carry; ImportSpy's Python names map to ours. */
export const ENV_ANNOTATIONS = ['string', 'number', 'integer', 'boolean', 'json'] as const;
export type EnvAnnotation = (typeof ENV_ANNOTATIONS)[number];
const ENV_ANNOTATION_ALIASES = { str: 'string', int: 'integer', float: 'number', bool: 'boolean' } as const satisfies Readonly<Record<string, EnvAnnotation>>;
/** An environment variable's annotation as a contract may spell it. */
export type EnvAnnotationName = EnvAnnotation | keyof typeof ENV_ANNOTATION_ALIASES;
export const ENV_ANNOTATION_NAMES: readonly [EnvAnnotationName, ...EnvAnnotationName[]] = names<EnvAnnotationName>(ENV_ANNOTATIONS, ENV_ANNOTATION_ALIASES);
export const canonicalEnvAnnotation = (name: string): EnvAnnotation | undefined =>
  canonical(ENV_ANNOTATIONS, ENV_ANNOTATION_ALIASES, name);
