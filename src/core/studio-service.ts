/**
 * The service layer: everything the studio does, with no Electron imports.
 * The Electron host, the web host and the CLI all construct one of these and
 * call it through api-router.ts, so no logic is written twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventHub } from './event-hub';
import { KinshipError, type ErrorCode } from '../domain/errors';
import { cudaProviderInstalled, detectMissingParts } from './environment';
import { PackRuntime } from './breeding/pack-runtime';
import { workerPath } from './workers/worker-entry';
import { WorkerFaceDetector } from './faces/worker-detector';
import { faceFeatureReader } from './faces/face-features';
import { InferenceEngine, InferenceError } from './inference/inference-engine';
import { openPlans, preferredProviders } from './inference/execution-provider';
import { LAZY_GRAPHS } from './inference/session-options';
import { PackRegistry } from './packs/pack-registry';
import { packGraphSpecs } from './packs/pack-loader';
import { SettingsStore } from './settings-store';
import { JobRunner } from './jobs/job-runner';
import { ProjectSession } from './studio/project-session';
import { type StudioContext } from './studio/studio-context';
import { PoolSession } from './studio/pool-session';
import { defaultDataDir, defaultResourcesDir, findAppRoot } from './paths';
import type { ExecutionProvider, PackSummary, StudioEvent, StudioStatus } from '../shared/api';

export interface StudioServiceOptions {
  host: 'electron' | 'web' | 'cli';
  dataDir?: string;
  resourcesDir?: string;
  appRoot?: string;
  /** Folder of the compiled worker files (bundled hosts); source hosts start the .ts files. */
  workerDir?: string;
  /** Skip opening the active pack at start (fast commands that need no inference). */
  lazyPack?: boolean;
}

/** An error of the service itself (pack activation, no active pack) or a failed `call()`. */
export class ServiceError extends KinshipError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'ServiceError';
  }
}

export class StudioService {
  readonly events = new EventHub<StudioEvent>();
  readonly packs: PackRegistry;
  readonly inference: InferenceEngine;
  /** Face detection in its own worker thread: never on the host's main loop. */
  readonly faceDetector: WorkerFaceDetector;
  readonly jobs: JobRunner;
  readonly session: ProjectSession;
  readonly pools: PoolSession;
  /** What the studio actions (src/core/studio/actions) work with. */
  readonly context: StudioContext;
  readonly dataDir: string;
  private readonly settings: SettingsStore;
  private readonly appRoot: string;
  private readonly appVersion: string;
  private activePackId: string | null = null;
  private executionProvider: ExecutionProvider | null = null;
  private runtimeCache: PackRuntime | null = null;

  private constructor(private readonly options: StudioServiceOptions) {
    this.appRoot = options.appRoot ?? findAppRoot();
    const dataDir = options.dataDir ?? defaultDataDir();
    this.dataDir = dataDir;
    const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
    this.packs = new PackRegistry(join(resourcesDir, 'models', 'builtin'), dataDir);
    this.settings = new SettingsStore(dataDir);
    this.inference = new InferenceEngine({
      workerEntry: workerPath('inference-worker', options.workerDir),
      crossoverEntry: workerPath('crossover-worker', options.workerDir),
    });
    this.faceDetector = new WorkerFaceDetector(workerPath('face-detector-worker', options.workerDir));
    this.appVersion = readVersion(this.appRoot);
    this.jobs = new JobRunner(this.events);
    this.session = new ProjectSession(dataDir, this.settings, this.events, this.appVersion, () => this.activePackId ?? 'none');
    this.pools = new PoolSession(dataDir, () => this.runtime());
    this.context = {
      session: this.session,
      runtime: () => this.runtime(),
      jobs: this.jobs,
      donorsFor: (req) => this.pools.donorsFor(req),
      ageDirections: (opts) => this.pools.ageDirections(opts),
      exportsDir: join(dataDir, 'exports'),
    };
  }

  static async create(options: StudioServiceOptions): Promise<StudioService> {
    const s = new StudioService(options);
    s.packs.scan();
    if (!options.lazyPack) await s.activateInitialPack();
    return s;
  }

  status(): StudioStatus {
    const active = this.activePackId ? (this.packs.get(this.activePackId)?.summary ?? null) : null;
    return {
      appVersion: this.appVersion,
      host: this.options.host,
      activePack: active,
      executionProvider: active ? this.executionProvider : null,
      missing: [
        ...detectMissingParts(this.appRoot, this.options.host),
        ...(active
          ? []
          : [{ part: 'model-pack' as const, message: this.noPackMessage() }]),
      ],
      userPacksDir: this.packs.userPacksDir,
    };
  }

  listPacks(): PackSummary[] {
    return this.packs.list().map((p) => p.summary);
  }

  /** Re-reads the pack folders (after the user copied a pack in); the active pack stays. */
  rescanPacks(): PackSummary[] {
    this.packs.scan();
    this.events.emit({ type: 'status', status: this.status() });
    return this.listPacks();
  }

  /** Adds a pack folder chosen in a native dialog (desktop app). */
  addPackFolder(folder: string): PackSummary {
    const entry = this.packs.addFolder(folder);
    this.events.emit({ type: 'status', status: this.status() });
    return entry.summary;
  }

  /** Opens every graph of the pack in the inference worker, which checks their shapes. */
  async activatePack(packId: string): Promise<StudioStatus> {
    const entry = this.packs.get(packId);
    if (!entry?.info) {
      const broken = this.packs.list().find((p) => p.summary.id === packId);
      throw new ServiceError('not-found', broken?.summary.error ?? `no model pack with id '${packId}'`);
    }
    const { info } = entry;
    try {
      // The float16 variant first where a GPU provider takes it, else (or when it fails) float32.
      const plans = openPlans({ files: info.files, filesFloat16: info.filesFloat16, dtype: info.manifest.dtype }, this.providers());
      const failures: string[] = [];
      let opened: Awaited<ReturnType<InferenceEngine['openPack']>> | null = null;
      for (const [k, plan] of plans.entries()) {
        try {
          opened = await this.inference.openPack({ packKey: info.manifest.id, files: plan.files, specs: packGraphSpecs(info), dtype: plan.dtype, providers: plan.providers, ...LAZY_GRAPHS });
          break;
        } catch (e) {
          if (k === plans.length - 1) throw e;
          failures.push(`${plan.dtype} on ${plan.providers.join('/')}: ${(e as Error).message}`);
        }
      }
      this.executionProvider = opened!.executionProvider;
      if (failures.length) console.warn(`model pack ${info.manifest.id}: ${failures.join('; ')}; opened float32 on ${opened!.executionProvider}`);
    } catch (e) {
      const file = e instanceof InferenceError && e.file ? `${e.file}: ` : '';
      const message = `Model pack at ${info.folder}: ${file}${(e as Error).message}`;
      entry.summary = { ...entry.summary, status: 'error', error: message };
      entry.info = null;
      throw new ServiceError('unsupported', message);
    }
    if (this.activePackId && this.activePackId !== packId) await this.inference.closePack(this.activePackId);
    this.activePackId = packId;
    this.settings.update({ activePackId: packId });
    const status = this.status();
    this.events.emit({ type: 'status', status });
    return status;
  }

  /** The active pack as typed, batched stages; throws when no pack is active. */
  runtime(): PackRuntime {
    const entry = this.activePackId ? this.packs.get(this.activePackId) : undefined;
    if (!entry?.info) throw new ServiceError('unsupported', this.noPackMessage());
    if (this.runtimeCache?.pack !== entry.info) this.runtimeCache = new PackRuntime(this.inference, entry.info, undefined, undefined, faceFeatureReader(this.faceDetector));
    return this.runtimeCache;
  }

  /** Providers to try, skipping CUDA where its libraries are not installed (no noisy failed load). */
  private providers(): ExecutionProvider[] {
    return preferredProviders(process.platform, process.env.KINSHIP_EP).filter(
      (p) => p !== 'cuda' || cudaProviderInstalled(this.appRoot),
    );
  }

  async dispose(): Promise<void> {
    this.jobs.cancelAll();
    this.session.close();
    this.pools.close();
    await this.faceDetector.dispose();
    await this.inference.dispose();
  }

  private async activateInitialPack(): Promise<void> {
    const wanted = this.settings.read().activePackId;
    const candidates = [wanted, 'builtin', ...this.packs.list().map((p) => p.summary.id)].filter(
      (id): id is string => !!id && !!this.packs.get(id),
    );
    for (const id of new Set(candidates)) {
      try {
        await this.activatePack(id);
        return;
      } catch {
        // Keep going: the pack is now listed with its error and the next one is tried.
      }
    }
  }

  private noPackMessage(): string {
    const errors = this.packs
      .list()
      .filter((p) => p.summary.status === 'error')
      .map((p) => p.summary.error);
    return errors.length ? `No model pack could be loaded. ${errors.join(' ')}` : 'No model pack is active.';
  }
}

function readVersion(appRoot: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
