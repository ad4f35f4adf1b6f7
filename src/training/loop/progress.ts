import type cliProgress from 'cli-progress';
import { terminalBars, type ProgressStream } from '../../util/progress-bar.ts';
import type { LossSummary } from '../checkpoint/run-record.ts';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export interface StepReport {
  /** Steps completed, this one included. */
  step: number;
  loss: LossSummary;
  learningRate: number;
  /** Wall seconds this step took, data loading included. */
  seconds: number;
}

/**
 * Training progress on stderr: a live bar on a terminal, plain lines at most every `lineInterval`
 * seconds otherwise (logs and CI keep every line, so a redrawn bar would only add noise). Speed is a
 * moving average that skips the first step, which on WebGPU mostly measures shader compilation.
 */
export class TrainingProgress {
  private readonly mode: 'bar' | 'lines' | 'none';
  private readonly bars?: cliProgress.MultiBar;
  private readonly bar?: cliProgress.SingleBar;
  private secondsPerStep: number | undefined;
  private stepsSeen = 0;
  private lastLine = -Infinity;

  constructor(
    private readonly options: {
      totalSteps: number;
      startStep: number;
      stepsPerEpoch: number;
      batchSize: number;
      mode: ProgressMode;
      stream: ProgressStream;
      lineInterval?: number;
    },
  ) {
    this.mode = options.mode === 'auto' ? (options.stream.isTTY ? 'bar' : 'lines') : options.mode;
    if (this.mode === 'bar') {
      this.bars = terminalBars(options.stream, 'epoch {epoch} {bar} {value}/{total} | loss {loss} | lr {lr} | {speed} img/s | ETA {remaining}');
      this.bar = this.bars.create(options.totalSteps, options.startStep, this.payload(options.startStep, undefined, undefined));
    }
  }

  step(report: StepReport): void {
    this.stepsSeen++;
    if (this.stepsSeen > 1) {
      this.secondsPerStep = this.secondsPerStep === undefined ? report.seconds : 0.9 * this.secondsPerStep + 0.1 * report.seconds;
    }
    const payload = this.payload(report.step, report.loss, report.learningRate);
    if (this.mode === 'bar') {
      this.bar!.update(report.step, payload);
      return;
    }
    const now = performance.now() / 1000;
    const lastStep = report.step === this.options.totalSteps;
    if (this.mode === 'lines' && (this.stepsSeen === 1 || lastStep || now - this.lastLine >= (this.options.lineInterval ?? 10))) {
      this.lastLine = now;
      this.options.stream.write(
        `step ${report.step}/${this.options.totalSteps} epoch ${payload.epoch} loss ${payload.loss} lr ${payload.lr} ` +
          `${payload.speed} img/s ETA ${payload.remaining}\n`,
      );
    }
  }

  /** A line that must not be torn by the bar (epoch summaries, checkpoint notices). */
  log(line: string): void {
    if (this.mode === 'none') return;
    if (this.bars) {
      this.bars.log(`${line}\n`);
      // The bar redraws (and flushes logged lines) on a timer that a synchronous step keeps from firing.
      this.bars.update();
    } else this.options.stream.write(`${line}\n`);
  }

  stop(): void {
    this.bars?.update();
    this.bars?.stop();
  }

  private payload(step: number, loss: LossSummary | undefined, learningRate: number | undefined) {
    const { totalSteps, stepsPerEpoch, batchSize } = this.options;
    const epochs = Math.ceil(totalSteps / stepsPerEpoch);
    const rate = this.secondsPerStep;
    return {
      epoch: `${Math.min(epochs, Math.floor(step / stepsPerEpoch) + 1)}/${epochs}`,
      loss: loss ? formatLoss(loss) : '-',
      lr: learningRate === undefined ? '-' : learningRate.toExponential(2),
      speed: rate === undefined ? '-' : (batchSize / rate).toFixed(1),
      // Not `eta`: cli-progress fills that name itself, from its own estimate since the bar started.
      remaining: rate === undefined ? '-' : formatDuration((totalSteps - step) * rate),
    };
  }
}

export function formatLoss(loss: LossSummary): string {
  const f = (x: number) => x.toFixed(3);
  return `${f(loss.total)} (cnn ${f(loss.teacherCnn)} vit ${f(loss.teacherVit)} div ${f(loss.diversity)} student ${f(loss.student)})`;
}

/** "1h02m", "5m02s", "12s". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
