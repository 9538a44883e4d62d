import type { ResultTone } from '../result/tap-result-view.ts';

interface Note {
  /** Hz */
  frequency: number;
  /** seconds after the tone starts */
  at: number;
  duration: number;
  wave: OscillatorType;
}

/*
 * Three tones a person can tell apart without looking: a rising three-note chime (done), two equal beeps
 * (look at the screen: already / tap again), one long low tone (refused). Soft waveforms and short fades
 * keep them pleasant in a quiet meeting room.
 */
const TONES: Record<ResultTone, Note[]> = {
  success: [
    { frequency: 523.25, at: 0, duration: 0.14, wave: 'sine' },
    { frequency: 659.25, at: 0.12, duration: 0.14, wave: 'sine' },
    { frequency: 783.99, at: 0.24, duration: 0.32, wave: 'sine' },
  ],
  attention: [
    { frequency: 587.33, at: 0, duration: 0.16, wave: 'triangle' },
    { frequency: 587.33, at: 0.28, duration: 0.16, wave: 'triangle' },
  ],
  refused: [{ frequency: 196, at: 0, duration: 0.7, wave: 'triangle' }],
};

const PEAK_GAIN = 0.35;
const FADE_S = 0.02;

let context: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined;
  context ??= new AudioContext();
  return context;
}

/**
 * Browsers start audio suspended until a person touches the page (Electron's kiosk window is configured
 * not to); the first touch anywhere resumes it, so later taps on the reader are heard.
 */
export function unlockAudioOnFirstTouch(): void {
  const resume = (): void => {
    void audio()?.resume();
  };
  window.addEventListener('pointerdown', resume, { once: true });
  window.addEventListener('keydown', resume, { once: true });
}

export function playTone(tone: ResultTone): void {
  const ctx = audio();
  if (!ctx) return;
  void ctx.resume();
  const start = ctx.currentTime + 0.01;
  for (const note of TONES[tone]) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = note.wave;
    oscillator.frequency.value = note.frequency;
    const begin = start + note.at;
    const end = begin + note.duration;
    // Ramps in and out: a note that starts or stops at full volume clicks.
    gain.gain.setValueAtTime(0, begin);
    gain.gain.linearRampToValueAtTime(PEAK_GAIN, begin + FADE_S);
    gain.gain.setValueAtTime(PEAK_GAIN, end - FADE_S);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(begin);
    oscillator.stop(end + 0.01);
  }
}
