package main

import (
	"sync"
	"time"
)

type logEntry struct {
	at   time.Time
	line string
}

// logBuffer is a container's log: an append-only list of lines plus a broadcast of "something was
// appended", so followers (logs -f, attach) wake on the event instead of polling.
type logBuffer struct {
	mu      sync.Mutex
	entries []logEntry
	changed chan struct{}
}

func newLogBuffer() *logBuffer {
	return &logBuffer{changed: make(chan struct{})}
}

func (b *logBuffer) append(line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.entries = append(b.entries, logEntry{at: time.Now(), line: line})
	close(b.changed)
	b.changed = make(chan struct{})
}

// since returns the entries from index from on, the new end index, and a channel closed on the
// next append.
func (b *logBuffer) since(from int) ([]logEntry, int, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if from > len(b.entries) {
		from = len(b.entries)
	}
	out := append([]logEntry(nil), b.entries[from:]...)
	return out, len(b.entries), b.changed
}

func (b *logBuffer) length() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.entries)
}
