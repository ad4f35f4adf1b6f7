import { collectDefaultMetrics, Counter, exponentialBuckets, Gauge, Histogram, Registry } from 'prom-client';
import type { ErrorKind } from './http-error.ts';
import type { ServedModel } from './served-model.ts';

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one), so two servers in
 * one process, as in tests and `ftd bench serve`, do not count into each other.
 */
export class ServeMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'ftd_serve_requests_total', help: 'HTTP requests answered, by route and status code', labelNames: ['route', 'status'], registers: [this.registry] });
  private readonly errors = new Counter({ name: 'ftd_serve_errors_total', help: 'Requests that failed, by why', labelNames: ['kind'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'ftd_serve_request_duration_seconds',
    help: 'From the request\'s arrival to its reply, by route',
    labelNames: ['route'],
    buckets: exponentialBuckets(0.0005, 2, 16),
    registers: [this.registry],
  });
  private readonly images = new Counter({ name: 'ftd_serve_images_total', help: 'Images scored', registers: [this.registry] });
  private readonly batchSize = new Histogram({
    name: 'ftd_serve_batch_size',
    help: 'Images per session run',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  private readonly batchDuration = new Histogram({
    name: 'ftd_serve_batch_duration_seconds',
    help: 'One micro-batch through the detector (teacher, mask, student)',
    buckets: exponentialBuckets(0.0005, 2, 16),
    registers: [this.registry],
  });
  private readonly detecting = new Gauge({ name: 'ftd_serve_detect_in_progress', help: 'Scoring requests (/v1/detect and Open Inference Protocol infer) accepted and not yet answered', registers: [this.registry] });
  private readonly queueDepth = new Gauge({ name: 'ftd_serve_queue_depth', help: 'Images waiting for a session run', registers: [this.registry] });
  private readonly modelInfo = new Gauge({
    name: 'ftd_serve_model_info',
    help: 'The model serving now (value 1): its name, id, graph sha256s and execution provider',
    labelNames: ['name', 'id', 'teacher_sha256', 'student_sha256', 'ep'],
    registers: [this.registry],
  });
  private readonly reloads = new Counter({ name: 'ftd_serve_model_loads_total', help: 'Model loads with their self-check, by result', labelNames: ['result'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ftd_serve_' });
    // Zero series exist from the start, so a scrape before the first failure already shows them.
    this.reloads.inc({ result: 'pass' }, 0);
    this.reloads.inc({ result: 'fail' }, 0);
  }

  request(route: string, status: number, seconds: number): void {
    this.requests.inc({ route, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  error(kind: ErrorKind): void {
    this.errors.inc({ kind });
  }

  batch(size: number, seconds: number): void {
    this.images.inc(size);
    this.batchSize.observe(size);
    this.batchDuration.observe(seconds);
  }

  /** +1 when a scoring request is accepted, -1 when its handler ends. */
  scoringInProgress(change: 1 | -1): void {
    this.detecting.inc(change);
  }

  depth(images: number): void {
    this.queueDepth.set(images);
  }

  modelLoaded(model: ServedModel): void {
    this.reloads.inc({ result: 'pass' });
    this.modelInfo.reset();
    const { name, id, sha256 } = model.identity;
    this.modelInfo.set({ name, id, teacher_sha256: sha256.teacher, student_sha256: sha256.student, ep: model.detector.ep }, 1);
  }

  modelRefused(): void {
    this.reloads.inc({ result: 'fail' });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
