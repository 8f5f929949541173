import { useCallback, useEffect, useRef, useState } from 'react';

export interface Playback {
  /** Seconds on the timeline. */
  position: number;
  playing: boolean;
  speed: number;
  play: () => void;
  pause: () => void;
  seek: (position: number) => void;
  setSpeed: (speed: number) => void;
}

/**
 * A clock for replaying a recording: advances `position` by real time × speed on each animation
 * frame while playing, stops at the end; playing from the end starts over.
 */
export function usePlayback(duration: number): Playback {
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const positionRef = useRef(0);
  positionRef.current = position;

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number): void => {
      const next = Math.min(duration, positionRef.current + ((now - last) / 1000) * speed);
      last = now;
      setPosition(next);
      if (next >= duration) {
        setPlaying(false);
        return;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, duration]);

  const play = useCallback(() => {
    if (positionRef.current >= duration) setPosition(0);
    setPlaying(true);
  }, [duration]);
  const pause = useCallback(() => setPlaying(false), []);
  const seek = useCallback((to: number) => setPosition(Math.max(0, Math.min(duration, to))), [duration]);

  return { position, playing, speed, play, pause, seek, setSpeed };
}
