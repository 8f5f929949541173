package main

// demoOrg is the demo organization (SPEC §2) for this cluster. Its roles exercise the role→group
// rules against the bindings in rbac.go:
//   - Engineering, SRE On-Call, Developers: bound groups, the normal case;
//   - Data.Science → "datascience": valid but bound to nothing (doctor warns);
//   - System:Masters → "system:masters": reserved, never sent (must not grant cluster-admin);
//   - Platform Team / Platform-Team → "platform-team": a collision.
//
// staging uses the leased token, prod the leased client certificate; both reach this cluster.
const demoOrg = `# Demo organization for Gatehouse, written by the test cluster (e2e/cluster).
users:
  - email: alice@example.com
    name: Alice Liddell
    roles: [Engineering, "SRE On-Call"]
  - email: bob@example.com
    name: Bob Builder
    roles: [Developers]
  - email: carol@example.com
    name: Carol Data
    roles: [Data.Science]
  - email: dave@example.com
    name: Dave Root
    roles: ["System:Masters"]
  - email: erin@example.com
    name: Erin Platform
    roles: [Platform Team, Platform-Team]

roles:
  - name: Engineering
    rules:
      - resources: [staging]
      - tags: {env: prod}
  - name: SRE On-Call
    rules:
      - resources: [staging]
  - name: Developers
    rules:
      - resources: [staging]
  - name: Data.Science
    rules:
      - tags: {team: data}
  - name: System:Masters
    rules:
      - resources: [staging]
  - name: Platform Team
    rules:
      - tags: {env: staging}
  - name: Platform-Team
    rules:
      - resources: [prod]

resources:
  - name: staging
    type: kubernetes-user-impersonation
    tags: {env: staging, team: data}
    healthcheckNamespace: team-a
    cluster:
      kubeconfig: ./leased.kubeconfig
      context: leased
  - name: prod
    type: kubernetes-user-impersonation
    tags: {env: prod}
    healthcheckNamespace: default
    cluster:
      kubeconfig: ./leased-cert.kubeconfig
`
