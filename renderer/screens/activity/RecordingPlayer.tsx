import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RecordingSummary } from '../../../shared/api';
import { Button } from '../../components/Button';
import { PauseIcon, PlayIcon, RestartIcon } from '../../components/icons';
import { usePlayback } from '../../hooks/use-playback';
import type { Cast } from '../../lib/asciicast';
import { CastScreen, chunksUntil } from '../../lib/cast-screen';
import { Callout } from '../../components/Callout';
import { formatClock } from '../../lib/format';

const SPEEDS = [0.5, 1, 2, 4, 8];

function Controls({ cast, playback }: { cast: Cast; playback: ReturnType<typeof usePlayback> }): React.JSX.Element {
  const speedId = useId();
  const positionId = useId();
  return (
    <div className="player__controls">
      {playback.playing ? (
        <Button size="small" variant="primary" icon={<PauseIcon />} onClick={playback.pause}>
          Pause
        </Button>
      ) : (
        <Button size="small" variant="primary" icon={<PlayIcon />} onClick={playback.play}>
          Play
        </Button>
      )}
      <Button size="small" icon={<RestartIcon />} onClick={() => playback.seek(0)}>
        Restart
      </Button>
      <label className="visually-hidden" htmlFor={positionId}>
        Playback position
      </label>
      <input
        id={positionId}
        className="player__position"
        type="range"
        min={0}
        max={cast.duration}
        step={0.1}
        value={playback.position}
        aria-valuetext={`${formatClock(playback.position)} of ${formatClock(cast.duration)}`}
        onChange={(event) => playback.seek(Number(event.target.value))}
      />
      <span className="player__clock mono" aria-hidden="true">
        {formatClock(playback.position)} / {formatClock(cast.duration)}
      </span>
      <label className="field__label" htmlFor={speedId}>
        Speed
      </label>
      <select
        id={speedId}
        className="select"
        value={playback.speed}
        onChange={(event) => playback.setSpeed(Number(event.target.value))}
      >
        {SPEEDS.map((speed) => (
          <option key={speed} value={speed}>
            {speed}×
          </option>
        ))}
      </select>
    </div>
  );
}

/** Replays a recorded exec session in a terminal-like view; keystrokes (stdin) and stderr look different. */
export function RecordingPlayer({ cast, summary }: { cast: Cast; summary: RecordingSummary }): React.JSX.Element {
  const showStdinId = useId();
  const playback = usePlayback(cast.duration);
  const [showStdin, setShowStdin] = useState(true);
  const screenRef = useRef<HTMLPreElement>(null);
  const followOutput = useRef(true);
  const screen = useMemo(() => new CastScreen(cast, showStdin), [cast, showStdin]);
  const count = chunksUntil(cast, playback.position);
  const segments = useMemo(() => screen.at(count), [screen, count]);

  const { play } = playback;
  useEffect(() => {
    play(); // opening a recording is asking to watch it
  }, [play]);

  // Follow the output like a terminal does, unless the reader scrolled up to look at something.
  useLayoutEffect(() => {
    const screen = screenRef.current;
    if (screen !== null && followOutput.current) screen.scrollTop = screen.scrollHeight;
  }, [segments]);

  const title = summary.command.length > 0 ? summary.command.join(' ') : summary.subresource;
  return (
    <section className="player" aria-label={`Replay of ${title}`}>
      {cast.notes.length > 0 && (
        <Callout tone="warning" title="Parts of this session were not recorded">
          <ul>
            {cast.notes.map((note, index) => (
              <li key={index}>{note}</li>
            ))}
          </ul>
        </Callout>
      )}
      <Controls cast={cast} playback={playback} />
      <pre
        ref={screenRef}
        className="terminal"
        tabIndex={0}
        aria-label="Recorded terminal output"
        onScroll={(event) => {
          const screen = event.currentTarget;
          followOutput.current = screen.scrollTop + screen.clientHeight >= screen.scrollHeight - 8;
        }}
      >
        {segments.map((segment, index) => (
          <span key={index} className={`terminal__${segment.stream}`}>
            {segment.text}
          </span>
        ))}
        {playback.playing && <span className="terminal__cursor" aria-hidden="true" />}
      </pre>
      <div className="player__legend">
        <div className="checkbox">
          <input
            id={showStdinId}
            type="checkbox"
            checked={showStdin}
            onChange={(event) => setShowStdin(event.target.checked)}
          />
          <label htmlFor={showStdinId}>Show keystrokes</label>
        </div>
        <span className="legend legend--stdin">keystrokes (stdin, underlined)</span>
        <span className="legend legend--stderr">errors (stderr, italic)</span>
        <span className="muted small">
          Pauses over {cast.idleLimit} s are shortened.{' '}
          {cast.width !== null && cast.height !== null ? `Terminal ${cast.width}×${cast.height}.` : ''}
        </span>
      </div>
    </section>
  );
}
