package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/remotecommand"
	utilexec "k8s.io/utils/exec"
)

// tickInterval paces the log line every fake container's main process writes, so `logs -f` and
// `attach` always have fresh output to show.
const tickInterval = time.Second

// fakeRuntime stands in for a container runtime. A container's "main process" is a goroutine that
// logs a tick every second and echoes whatever is written to it through attach; `exec` runs a real
// local process in the pod's scratch directory; each pod serves HTTP on its containerPort 8080 for
// port-forward. State is created on first use, so pods created by tests work like seeded ones.
type fakeRuntime struct {
	root string
	ctx  context.Context

	mu         sync.Mutex
	containers map[string]*fakeContainer
	podHTTP    map[string]string // "ns/pod" → 127.0.0.1:port of the pod's HTTP server
	procs      sync.WaitGroup
}

type fakeContainer struct {
	ns, pod, name string
	scratch       string
	log           *logBuffer
}

func newFakeRuntime(ctx context.Context, root string) *fakeRuntime {
	return &fakeRuntime{root: root, ctx: ctx, containers: map[string]*fakeContainer{}, podHTTP: map[string]string{}}
}

func (r *fakeRuntime) container(ns, pod, name string) (*fakeContainer, error) {
	key := ns + "/" + pod + "/" + name
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.containers[key]; ok {
		return c, nil
	}
	scratch := filepath.Join(r.root, ns, pod)
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		return nil, err
	}
	c := &fakeContainer{ns: ns, pod: pod, name: name, scratch: scratch, log: newLogBuffer()}
	r.containers[key] = c
	go c.mainProcess(r.ctx)
	return c, nil
}

func (c *fakeContainer) mainProcess(ctx context.Context) {
	c.log.append(fmt.Sprintf("started %s/%s container %s", c.ns, c.pod, c.name))
	t := time.NewTicker(tickInterval)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.log.append("tick " + strconv.Itoa(n))
		}
	}
}

// ExecInContainer runs cmd as a local process whose working directory and HOME are the pod's
// scratch directory. The process gets its own process group so that cancellation and shutdown kill
// everything it started.
func (r *fakeRuntime) ExecInContainer(ctx context.Context, name string, _ types.UID, container string, cmd []string, in io.Reader, out, errw io.WriteCloser, _ bool, _ <-chan remotecommand.TerminalSize, _ time.Duration) error {
	if len(cmd) == 0 {
		return errors.New("no command given")
	}
	ns, pod, err := splitPodKey(name)
	if err != nil {
		return err
	}
	c, err := r.container(ns, pod, container)
	if err != nil {
		return err
	}
	r.procs.Add(1)
	defer r.procs.Done()

	proc := exec.Command(cmd[0], cmd[1:]...)
	proc.Dir = c.scratch
	proc.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + c.scratch, "HOSTNAME=" + pod, "POD_NAMESPACE=" + ns}
	proc.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if out != nil {
		proc.Stdout = out
	}
	if errw != nil {
		proc.Stderr = errw
	}
	var stdin io.WriteCloser
	if in != nil {
		// Our own copy loop, not exec's: exec's Wait would block until the client closes stdin
		// even after the process has exited.
		if stdin, err = proc.StdinPipe(); err != nil {
			return err
		}
	}
	if err := proc.Start(); err != nil {
		return err
	}
	if stdin != nil {
		go func() {
			_, _ = io.Copy(stdin, in)
			_ = stdin.Close()
		}()
	}
	done := make(chan error, 1)
	go func() { done <- proc.Wait() }()
	select {
	case err = <-done:
	case <-ctx.Done():
		_ = syscall.Kill(-proc.Process.Pid, syscall.SIGKILL)
		err = <-done
	case <-r.ctx.Done():
		_ = syscall.Kill(-proc.Process.Pid, syscall.SIGKILL)
		err = <-done
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return utilexec.CodeExitError{Err: err, Code: exitErr.ExitCode()}
	}
	return err
}

// AttachContainer streams the main process's output from now on; every line written to stdin is
// echoed into the log as "stdin: <line>". When stdin ends, the session ends after the echo has
// been delivered.
func (r *fakeRuntime) AttachContainer(ctx context.Context, name string, _ types.UID, container string, in io.Reader, out, _ io.WriteCloser, _ bool, _ <-chan remotecommand.TerminalSize) error {
	ns, pod, err := splitPodKey(name)
	if err != nil {
		return err
	}
	c, err := r.container(ns, pod, container)
	if err != nil {
		return err
	}
	next := c.log.length()
	inputDone := make(chan struct{})
	if in != nil {
		go func() {
			defer close(inputDone)
			sc := bufio.NewScanner(in)
			for sc.Scan() {
				c.log.append("stdin: " + sc.Text())
			}
		}()
	}
	for {
		entries, end, changed := c.log.since(next)
		next = end
		if out != nil {
			for _, e := range entries {
				if _, err := io.WriteString(out, e.line+"\n"); err != nil {
					return nil
				}
			}
		}
		select {
		case <-changed:
		case <-inputDone:
			entries, _, _ := c.log.since(next)
			for _, e := range entries {
				if out != nil {
					_, _ = io.WriteString(out, e.line+"\n")
				}
			}
			return nil
		case <-ctx.Done():
			return nil
		case <-r.ctx.Done():
			return nil
		}
	}
}

// PortForward connects the stream to the pod's HTTP server; only containerPort 8080 is served.
func (r *fakeRuntime) PortForward(ctx context.Context, name string, _ types.UID, port int32, stream io.ReadWriteCloser) error {
	defer stream.Close()
	if port != podHTTPPort {
		return fmt.Errorf("pod %s has nothing listening on port %d (only %d is served)", name, port, podHTTPPort)
	}
	addr, err := r.podServer(name)
	if err != nil {
		return err
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(conn, stream); _ = conn.(*net.TCPConn).CloseWrite(); done <- struct{}{} }()
	go func() { _, _ = io.Copy(stream, conn); done <- struct{}{} }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return nil
}

const podHTTPPort = 8080

// podServer starts (once) the HTTP server standing in for the pod's application: GET / answers
// "hello from <ns>/<pod>", GET /bytes?n=N answers N bytes (throughput measurements).
func (r *fakeRuntime) podServer(podKey string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if addr, ok := r.podHTTP[podKey]; ok {
		return addr, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = fmt.Fprintf(w, "hello from %s\n", podKey)
	})
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, req *http.Request) {
		n, _ := strconv.Atoi(req.URL.Query().Get("n"))
		chunk := make([]byte, 64<<10)
		for i := range chunk {
			chunk[i] = 'x'
		}
		for n > 0 {
			k := min(n, len(chunk))
			if _, err := w.Write(chunk[:k]); err != nil {
				return
			}
			n -= k
		}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go func() { <-r.ctx.Done(); _ = srv.Close() }()
	r.podHTTP[podKey] = ln.Addr().String()
	return ln.Addr().String(), nil
}

// wait blocks until every exec'd process has been reaped (after the runtime's context ends).
func (r *fakeRuntime) wait() { r.procs.Wait() }
