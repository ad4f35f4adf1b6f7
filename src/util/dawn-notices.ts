/**
 * Dawn clamps the dynamic-buffer limits a Vulkan driver reports (lavapipe: 1,000,000; RADV: 500,000) to
 * its own 16 while it enumerates adapters, and says so on stderr for every process. The clamp changes
 * nothing tfjs uses (it binds no dynamic buffers), so the notice is noise to a user.
 */
const limitClampNotice = /^Warning: maxDynamic(?:Uniform|Storage)BuffersPerPipelineLayout artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.$/;

/** `text` without Dawn's limit-clamp notices; every other line is kept, in order. */
export function withoutDawnLimitNotices(text: string): string {
  return text
    .split(/(?<=\n)/)
    .filter((line) => !limitClampNotice.test(line.replace(/\r?\n$/, '')))
    .join('');
}
