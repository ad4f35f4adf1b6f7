/**
 * The camera as a stream of frames: each call of `onFrame` gets the current frame drawn on a canvas and the
 * next frame is taken only when it has finished, so a slow model drops frames instead of queueing them.
 */
export interface Webcam {
  stop(): void;
}

export async function startWebcam(onFrame: (frame: HTMLCanvasElement) => Promise<void>, onError: (error: unknown) => void): Promise<Webcam> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser gives the page no camera (navigator.mediaDevices.getUserMedia is missing; it needs https or localhost)');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  const frame = document.createElement('canvas');
  let running = true;
  const next = async () => {
    if (!running) return;
    try {
      if (video.videoWidth > 0) {
        frame.width = video.videoWidth;
        frame.height = video.videoHeight;
        frame.getContext('2d')!.drawImage(video, 0, 0);
        await onFrame(frame);
      }
      requestAnimationFrame(() => void next());
    } catch (error) {
      stop();
      onError(error);
    }
  };
  const stop = () => {
    running = false;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  void next();
  return { stop };
}
