import { FlagError } from '../../util/flag-error.ts';
import { backboneArchitectures, outputStrides, type BackboneArchitecture, type BackboneConfig, type Preset } from '../config.ts';
import type { InitRequest } from '../pretrained/init-backbones.ts';
import { pretrainedSources } from '../pretrained/pretrained-sources.ts';
import type { TrainOptions } from './train-options.ts';

type BackboneFlags = Pick<TrainOptions, 'backbone' | 'studentBackbone' | 'widthMultiplier' | 'outputStride' | 'init' | 'initTeacher' | 'initStudent' | 'initNonStrict'>;

/**
 * The teacher's and student's backbones of a new run: the preset's, with the architecture, width and output
 * stride the flags give, and, for a backbone that starts from pretrained weights, the input scaling those
 * weights were trained with. Xception's middle-flow depth and the BatchNorm momentum stay the preset's.
 */
export function backbonesFromFlags(preset: Preset, options: BackboneFlags): { teacherBackbone: BackboneConfig; studentBackbone: BackboneConfig } {
  checkBackboneFlags(options);
  const teacher = options.backbone ?? preset.model.teacherBackbone.architecture;
  const student = options.studentBackbone ?? options.backbone ?? preset.model.studentBackbone.architecture;
  const init = initFiles(options, teacher, student);
  return {
    teacherBackbone: backbone(preset.model.teacherBackbone, teacher, options, init.teacher !== undefined),
    studentBackbone: backbone(preset.model.studentBackbone, student, options, init.student !== undefined),
  };
}

/** The pretrained files of a new run, or undefined when it starts from the seed alone. */
export function initRequestFromFlags(options: BackboneFlags, teacher: BackboneArchitecture, student: BackboneArchitecture): InitRequest | undefined {
  const files = initFiles(options, teacher, student);
  if (files.teacher === undefined && files.student === undefined) return undefined;
  return { ...files, strict: !options.initNonStrict };
}

function backbone(preset: BackboneConfig, architecture: BackboneArchitecture, options: BackboneFlags, pretrained: boolean): BackboneConfig {
  const config: BackboneConfig = {
    architecture,
    widthMultiplier: options.widthMultiplier ?? preset.widthMultiplier,
    outputStride: options.outputStride ?? preset.outputStride,
  };
  if (architecture.startsWith('xception') && preset.middleBlocks !== undefined) config.middleBlocks = preset.middleBlocks;
  if (preset.batchNormMomentum !== undefined) config.batchNormMomentum = preset.batchNormMomentum;
  if (pretrained) config.inputNormalization = structuredClone(pretrainedSources[architecture].inputNormalization);
  return config;
}

function initFiles(options: BackboneFlags, teacher: BackboneArchitecture, student: BackboneArchitecture): Pick<InitRequest, 'teacher' | 'student'> {
  if (options.init !== undefined) {
    if (options.initTeacher !== undefined || options.initStudent !== undefined) {
      throw new FlagError('--init', '--init gives both backbones one file; pass either --init, or --init-teacher and/or --init-student');
    }
    if (teacher !== student) {
      throw new FlagError('--init', `--init loads one file into both backbones, but the teacher is ${teacher} and the student ${student}; ` +
        'give each its own file with --init-teacher and --init-student');
    }
    return { teacher: { path: options.init, flag: '--init' }, student: { path: options.init, flag: '--init' } };
  }
  const file = (path: string | undefined, flag: string) => (path === undefined ? undefined : { path, flag });
  const files = { teacher: file(options.initTeacher, '--init-teacher'), student: file(options.initStudent, '--init-student') };
  if (options.initNonStrict && files.teacher === undefined && files.student === undefined) {
    throw new FlagError('--init-non-strict', '--init-non-strict changes how --init, --init-teacher or --init-student load, but none of them was given');
  }
  return files;
}

function checkBackboneFlags(options: BackboneFlags): void {
  for (const [flag, value] of [['--backbone', options.backbone], ['--student-backbone', options.studentBackbone]] as const) {
    if (value !== undefined && !backboneArchitectures.includes(value)) {
      throw new FlagError(flag, `${flag} must be one of ${backboneArchitectures.join(', ')}, got ${JSON.stringify(value)}`);
    }
  }
  const width = options.widthMultiplier;
  if (width !== undefined && !(Number.isFinite(width) && width > 0)) {
    throw new FlagError('--width-multiplier', `--width-multiplier must be a finite number > 0, got ${width}`);
  }
  if (options.outputStride !== undefined && !outputStrides.includes(options.outputStride)) {
    throw new FlagError('--output-stride', `--output-stride must be one of ${outputStrides.join(', ')}, got ${options.outputStride}`);
  }
}
