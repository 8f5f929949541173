package main

// demoOrg is the demo organization (SPEC §2) for this cluster. Its roles exercise the role→group
// rules against the bindings in seed.go:
//   - Engineering, SRE On-Call, Developers: bound groups, the normal case;
//   - Data.Science → "datascience": valid but bound to nothing (doctor warns);
//   - System:Masters → "system:masters": reserved, never sent (must not grant cluster-admin);
//   - Platform Team / Platform-Team → "platform-team": a collision;
//   - Payments Engineers (frank): SPEC §11 — `payments` impersonates each person's alias in the
//     identity set "contractors" (frank_c), and the rule granting it adds the explicit group
//     "payments-rw". Nobody else has an alias there, and no other rule grants it.
//
// staging and payments use the leased token, prod the leased client certificate; all reach this
// cluster. identitySets comes first: tests append resources to the last section (demoOrgCopy).
const demoOrg = `# Demo organization for Gatehouse, written by the test cluster (e2e/cluster).
identitySets:
  - name: contractors

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
  - email: frank@example.com
    name: Frank Contractor
    roles: [Payments Engineers]
    aliases: {contractors: frank_c}

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
  - name: Payments Engineers
    rules:
      - resources: [payments]
        groups: [payments-rw]

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
  - name: payments
    type: kubernetes-user-impersonation
    tags: {team: payments}
    healthcheckNamespace: payments
    impersonation: {identitySet: contractors}
    cluster:
      kubeconfig: ./leased.kubeconfig
      context: leased
`
