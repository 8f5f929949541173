package main

import (
	"log"
	"os"
	"syscall"
)

// quietStderr points file descriptor 2 at the log file, so the control plane's own logging (klog,
// grpc, etcd's zap, whatever a library prints) lands in apiserver.log instead of drowning the
// harness's output. The harness logger keeps a duplicate of the original stderr.
func quietStderr(logFile *os.File) error {
	saved, err := syscall.Dup(2)
	if err != nil {
		return err
	}
	logger = log.New(os.NewFile(uintptr(saved), "stderr"), "cluster: ", log.Ltime)
	return syscall.Dup2(int(logFile.Fd()), 2)
}
