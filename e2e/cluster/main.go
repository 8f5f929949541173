// Command cluster runs a real Kubernetes control plane for Gatehouse's tests: kube-apiserver with
// embedded etcd, RBAC, static tokens and a JSON audit log, plus a fake node whose kubelet really
// serves exec, attach, port-forward and logs. See README.md in this directory for the contract.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// logger writes the harness's own messages to the real stderr; everything else that writes to
// stderr (klog, grpc, etcd) is sent to apiserver.log once the cluster starts, see quietStderr.
var logger = log.New(os.Stderr, "cluster: ", log.Ltime)

func main() {
	dir := flag.String("dir", "", "directory for kubeconfigs, org file, audit log and state (required)")
	port := flag.Int("port", 0, "API server port on 127.0.0.1 (0 picks a free one)")
	stdinLifeline := flag.Bool("stop-on-stdin-eof", false, "also stop when stdin closes (the parent died)")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: cluster --dir DIR [--port N]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	if *stdinLifeline {
		// A runner that is killed cannot forward a signal; its end of our stdin closing is the
		// one event we still get, so no cluster outlives its runner. Being reparented says the
		// same when the pipe's write end leaked into another process.
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			logger.Printf("stdin closed: the parent is gone")
			cancel()
		}()
		go watchParent(ctx, cancel)
	}
	if err := run(ctx, *dir, *port); err != nil {
		stop()
		logger.Printf("error: %v", err)
		os.Exit(1)
	}
	stop()
}

// watchParent cancels once this process is reparented (its parent exited without telling us).
func watchParent(ctx context.Context, cancel context.CancelFunc) {
	parent := os.Getppid()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if os.Getppid() != parent {
				logger.Printf("the parent process %d is gone", parent)
				cancel()
				return
			}
		}
	}
}

func run(ctx context.Context, dir string, port int) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	// Each start is a fresh cluster: old etcd state would clash with the seeded fixtures.
	for _, stale := range []string{"etcd", "pods", "audit.log", "apiserver.log"} {
		if err := os.RemoveAll(filepath.Join(dir, stale)); err != nil {
			return err
		}
	}
	files, err := newClusterFiles(dir)
	if err != nil {
		return err
	}
	logFile, err := os.OpenFile(files.apiserverLog, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer logFile.Close()
	if err := quietStderr(logFile); err != nil {
		return err
	}
	ca, err := newCertAuthority()
	if err != nil {
		return err
	}
	if err := files.writeStatic(ca); err != nil {
		return err
	}

	runCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runtime := newFakeRuntime(runCtx, filepath.Join(dir, "pods"))
	kubeletCert, err := ca.issue(fakeNodeName, nil, []string{"127.0.0.1", "localhost", fakeNodeName})
	if err != nil {
		return err
	}
	tlsCert, err := kubeletCert.tlsCertificate()
	if err != nil {
		return err
	}
	kubeletServer, kubeletPort, err := startKubelet(&fakeKubelet{runtime: runtime}, tlsCert)
	if err != nil {
		return err
	}
	defer kubeletServer.Close()

	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	if port == 0 {
		p, err := freePorts(1)
		if err != nil {
			return err
		}
		port = p[0]
	}
	etcd, etcdURL, err := startEtcd(filepath.Join(dir, "etcd"), ports[0], ports[1])
	if err != nil {
		return err
	}
	defer etcd.Close()

	apiDone := make(chan error, 1)
	go func() {
		apiDone <- runAPIServer(runCtx, apiserverConfig{dir: dir, securePort: port, etcdURL: etcdURL, files: files, logFile: logFile})
	}()

	server := fmt.Sprintf("https://127.0.0.1:%d", port)
	if err := files.writeKubeconfigs(ca, server); err != nil {
		return err
	}
	admin, err := clientFor(files.path("admin.kubeconfig"))
	if err != nil {
		return err
	}
	if err := waitReady(ctx, admin, apiDone); err != nil {
		return fmt.Errorf("%w (see %s)", err, files.apiserverLog)
	}
	if err := seed(ctx, admin, kubeletPort); err != nil {
		return err
	}
	if err := writeFile(files.path("org.yaml"), []byte(demoOrg)); err != nil {
		return err
	}
	fmt.Printf("server %s\n", server)
	fmt.Printf("admin kubeconfig %s\n", files.path("admin.kubeconfig"))
	fmt.Printf("leased kubeconfig %s\n", files.path("leased.kubeconfig"))
	fmt.Printf("org %s\n", files.path("org.yaml"))
	fmt.Printf("audit log %s\n", files.auditLog)
	fmt.Println("ready")

	select {
	case <-ctx.Done():
		logger.Printf("stopping")
	case err := <-apiDone:
		return fmt.Errorf("kube-apiserver stopped: %v", err)
	}
	cancel()
	select {
	case <-apiDone:
	case <-time.After(15 * time.Second):
		logger.Printf("kube-apiserver did not stop within 15s; exiting anyway")
	}
	runtime.wait()
	return nil
}

func seed(ctx context.Context, admin kubernetes.Interface, kubeletPort int) error {
	if err := seedNode(ctx, admin, kubeletPort); err != nil {
		return err
	}
	if err := runControllers(ctx, admin); err != nil {
		return err
	}
	if err := seedWorkloads(ctx, admin); err != nil {
		return err
	}
	if err := seedRBAC(ctx, admin); err != nil {
		return err
	}
	return waitPodsRunning(ctx, admin)
}

func clientFor(kubeconfig string) (*kubernetes.Clientset, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, err
	}
	cfg.QPS, cfg.Burst = 200, 400
	return kubernetes.NewForConfig(cfg)
}

// waitReady waits until /readyz answers ok, which includes the RBAC bootstrap roles being in place.
func waitReady(ctx context.Context, cs *kubernetes.Clientset, apiDone <-chan error) error {
	deadline := time.After(120 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		var status int
		cs.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
		if status == http.StatusOK {
			return nil
		}
		select {
		case err := <-apiDone:
			return fmt.Errorf("kube-apiserver exited during start: %v", err)
		case <-deadline:
			return errors.New("kube-apiserver not ready within 120s")
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func waitPodsRunning(ctx context.Context, cs kubernetes.Interface) error {
	w, err := cs.CoreV1().Pods("").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	defer w.Stop()
	want := 0
	for _, pods := range seededPods {
		want += len(pods)
	}
	running := map[string]bool{}
	timeout := time.After(60 * time.Second)
	for len(running) < want {
		select {
		case ev, ok := <-w.ResultChan():
			if !ok {
				return errors.New("pod watch closed before seeded pods were running")
			}
			if pod, ok := ev.Object.(*corev1.Pod); ok && pod.Status.Phase == corev1.PodRunning {
				running[pod.Namespace+"/"+pod.Name] = true
			}
		case <-timeout:
			return fmt.Errorf("only %d of %d seeded pods running after 60s", len(running), want)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			_ = ln.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
