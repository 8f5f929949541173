package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"
	remotecommandconsts "k8s.io/apimachinery/pkg/util/remotecommand"
	"k8s.io/kubelet/pkg/cri/streaming/portforward"
	remotecommandserver "k8s.io/kubelet/pkg/cri/streaming/remotecommand"
)

// The real kubelet's streaming timeouts.
const (
	streamIdleTimeout     = 4 * time.Hour
	streamCreationTimeout = 30 * time.Second
)

// fakeKubelet serves the kubelet endpoints the API server proxies to: exec, attach, port-forward
// (all SPDY towards us; the API server translates websocket clients) and container logs. The
// streaming protocol work is done by the kubelet's own streaming packages.
type fakeKubelet struct {
	runtime *fakeRuntime
}

func (k *fakeKubelet) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/exec/{ns}/{pod}/{container}", k.serveExec)
	mux.HandleFunc("/attach/{ns}/{pod}/{container}", k.serveAttach)
	mux.HandleFunc("/portForward/{ns}/{pod}", k.servePortForward)
	mux.HandleFunc("/containerLogs/{ns}/{pod}/{container}", k.serveLogs)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	return mux
}

func podKey(req *http.Request) string { return req.PathValue("ns") + "/" + req.PathValue("pod") }

func splitPodKey(key string) (string, string, error) {
	ns, pod, ok := strings.Cut(key, "/")
	if !ok {
		return "", "", fmt.Errorf("bad pod key %q", key)
	}
	return ns, pod, nil
}

func (k *fakeKubelet) serveExec(w http.ResponseWriter, req *http.Request) {
	opts, err := remotecommandserver.NewOptions(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	remotecommandserver.ServeExec(w, req, k.runtime, podKey(req), types.UID(""), req.PathValue("container"),
		req.URL.Query()["command"], opts, streamIdleTimeout, streamCreationTimeout,
		remotecommandconsts.SupportedStreamingProtocols)
}

func (k *fakeKubelet) serveAttach(w http.ResponseWriter, req *http.Request) {
	opts, err := remotecommandserver.NewOptions(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	remotecommandserver.ServeAttach(w, req, k.runtime, podKey(req), types.UID(""), req.PathValue("container"),
		opts, streamIdleTimeout, streamCreationTimeout, remotecommandconsts.SupportedStreamingProtocols)
}

func (k *fakeKubelet) servePortForward(w http.ResponseWriter, req *http.Request) {
	opts, err := portforward.NewV4Options(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	portforward.ServePortForward(w, req, k.runtime, podKey(req), types.UID(""), opts,
		streamIdleTimeout, streamCreationTimeout, portforward.SupportedProtocols)
}

// serveLogs implements the parts of the kubelet's containerLogs API that kubectl uses: follow,
// tailLines, timestamps, limitBytes and sinceSeconds.
func (k *fakeKubelet) serveLogs(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	c, err := k.runtime.container(req.PathValue("ns"), req.PathValue("pod"), req.PathValue("container"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	follow := q.Get("follow") == "true"
	timestamps := q.Get("timestamps") == "true"
	limit := int64(-1)
	if v := q.Get("limitBytes"); v != "" {
		limit, _ = strconv.ParseInt(v, 10, 64)
	}
	entries, next, changed := c.log.since(0)
	if v := q.Get("tailLines"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < len(entries) {
			entries = entries[len(entries)-n:]
		}
	}
	if v := q.Get("sinceSeconds"); v != "" {
		if s, err := strconv.Atoi(v); err == nil {
			cutoff := time.Now().Add(-time.Duration(s) * time.Second)
			for len(entries) > 0 && entries[0].at.Before(cutoff) {
				entries = entries[1:]
			}
		}
	}
	w.Header().Set("Content-Type", "text/plain")
	flusher, _ := w.(http.Flusher)
	written := int64(0)
	for {
		for _, e := range entries {
			line := e.line + "\n"
			if timestamps {
				line = e.at.UTC().Format(time.RFC3339Nano) + " " + line
			}
			if limit >= 0 && written+int64(len(line)) > limit {
				line = line[:limit-written]
			}
			n, err := io.WriteString(w, line)
			written += int64(n)
			if err != nil || (limit >= 0 && written >= limit) {
				return
			}
		}
		if flusher != nil {
			flusher.Flush()
		}
		if !follow {
			return
		}
		select {
		case <-changed:
		case <-req.Context().Done():
			return
		case <-k.runtime.ctx.Done():
			return
		}
		entries, next, changed = c.log.since(next)
	}
}

// startKubelet serves the fake kubelet over TLS on a free loopback port and returns that port.
func startKubelet(k *fakeKubelet, cert tls.Certificate) (*http.Server, int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	srv := &http.Server{
		Handler:           k.handler(),
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 30 * time.Second,
	}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	return srv, ln.Addr().(*net.TCPAddr).Port, nil
}
