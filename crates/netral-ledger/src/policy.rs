//! Trust policies (C2SP tlog-policy): which logs are trusted and which
//! witness cosignatures make a checkpoint acceptable.
//!
//! ```text
//! # comments start with '#'
//! log <vkey> [<url>]
//! witness <name> <vkey> [<url>]
//! group <name> <k|any|all> <member>...
//! quorum <name|none>
//! ```
//!
//! Log vkeys are Ed25519 note keys (type 0x01) whose key name is the log's
//! origin; witness vkeys are tlog-cosignature keys (type 0x04). Witness and
//! group names share one namespace; `none` is reserved. A group or the quorum
//! may only name witnesses and groups defined on earlier lines, each member
//! at most once per group, and `1 <= k <= n`. Exactly one `quorum` line.
//! Example, "log + 2 of 3 witnesses":
//!
//! ```text
//! log pakta.example.go.id/kab-kotim+8f1e...+AQ...
//! witness bkn    bkn.go.id/witness+...+BA...
//! witness bawaslu bawaslu.go.id/witness+...+BA...
//! witness kominfo komdigi.go.id/witness+...+BA...
//! group institutions 2 bkn bawaslu kominfo
//! quorum institutions
//! ```

use std::fmt;

use crate::cosig::CosignatureVerifier;
use crate::error::LedgerError;
use crate::note::{NoteVerifier, Verifier};
use crate::text::decimal;

const WHAT: &str = "policy";

/// The most logs, witnesses or groups a policy may define (the specification
/// recommends supporting at least 32 of each).
pub const MAX_POLICY_ITEMS: usize = 256;

/// A trusted log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyLog {
    /// The log's Ed25519 note verifier; its key name is the log origin.
    pub verifier: Verifier,
    /// Optional URL (application specific).
    pub url: Option<String>,
}

/// A group threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// At least one member.
    Any,
    /// Every member.
    All,
    /// At least `k` members.
    AtLeast(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Witness {
        name: String,
        verifier: Box<CosignatureVerifier>,
        url: Option<String>,
    },
    Group {
        name: String,
        threshold: Threshold,
        members: Vec<usize>,
    },
}

impl Node {
    fn name(&self) -> &str {
        match self {
            Node::Witness { name, .. } | Node::Group { name, .. } => name,
        }
    }
}

/// A parsed tlog-policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    logs: Vec<PolicyLog>,
    /// Witnesses and groups in definition order (members refer to earlier nodes).
    nodes: Vec<Node>,
    /// Index into `nodes`, or `None` for `quorum none`.
    quorum: Option<usize>,
}

impl Policy {
    /// Parses a policy file (see the module documentation).
    pub fn parse(text: &str) -> Result<Policy, LedgerError> {
        if text
            .bytes()
            .any(|b| b < 0x20 && b != b'\t' && b != b'\n' || b == 0x7f)
        {
            return Err(LedgerError::malformed(WHAT, "control character"));
        }
        let mut logs: Vec<PolicyLog> = Vec::new();
        let mut nodes: Vec<Node> = Vec::new();
        let mut quorum: Option<Option<usize>> = None;
        for line in text.split('\n') {
            let fields: Vec<&str> = line.split([' ', '\t']).filter(|f| !f.is_empty()).collect();
            let Some((&keyword, args)) = fields.split_first() else {
                continue;
            };
            if keyword.starts_with('#') {
                continue;
            }
            match keyword {
                "log" => {
                    let (vkey, url) = match args {
                        [vkey] => (vkey, None),
                        [vkey, url] => (vkey, Some((*url).to_owned())),
                        _ => {
                            return Err(LedgerError::malformed(
                                WHAT,
                                "log line needs <vkey> [<url>]",
                            ));
                        }
                    };
                    let verifier = Verifier::from_vkey(vkey)?;
                    if logs
                        .iter()
                        .any(|l| l.verifier.public_key() == verifier.public_key())
                    {
                        return Err(LedgerError::malformed(WHAT, "duplicate log key"));
                    }
                    if logs.len() == MAX_POLICY_ITEMS {
                        return Err(LedgerError::malformed(WHAT, "too many logs"));
                    }
                    logs.push(PolicyLog { verifier, url });
                }
                "witness" => {
                    let (name, vkey, url) = match args {
                        [name, vkey] => (name, vkey, None),
                        [name, vkey, url] => (name, vkey, Some((*url).to_owned())),
                        _ => {
                            return Err(LedgerError::malformed(
                                WHAT,
                                "witness line needs <name> <vkey> [<url>]",
                            ));
                        }
                    };
                    check_new_name(&nodes, name)?;
                    let verifier = CosignatureVerifier::from_vkey(vkey)?;
                    if nodes.iter().any(|n| {
                        matches!(n, Node::Witness { verifier: v, .. } if v.public_key() == verifier.public_key())
                    }) {
                        return Err(LedgerError::malformed(WHAT, "duplicate witness key"));
                    }
                    if count_witnesses(&nodes) == MAX_POLICY_ITEMS {
                        return Err(LedgerError::malformed(WHAT, "too many witnesses"));
                    }
                    nodes.push(Node::Witness {
                        name: (*name).to_owned(),
                        verifier: Box::new(verifier),
                        url,
                    });
                }
                "group" => {
                    let [name, threshold, members @ ..] = args else {
                        return Err(LedgerError::malformed(
                            WHAT,
                            "group line needs <name> <k> <member>...",
                        ));
                    };
                    check_new_name(&nodes, name)?;
                    if members.is_empty() {
                        return Err(LedgerError::malformed(WHAT, "group without members"));
                    }
                    let mut ids = Vec::with_capacity(members.len());
                    for m in members {
                        let id = lookup(&nodes, m).ok_or(LedgerError::malformed(
                            WHAT,
                            "group member not defined earlier",
                        ))?;
                        if ids.contains(&id) {
                            return Err(LedgerError::malformed(WHAT, "group member listed twice"));
                        }
                        ids.push(id);
                    }
                    let threshold = match *threshold {
                        "any" => Threshold::Any,
                        "all" => Threshold::All,
                        k => {
                            let k = decimal(k)
                                .and_then(|k| usize::try_from(k).ok())
                                .filter(|k| (1..=ids.len()).contains(k))
                                .ok_or(LedgerError::malformed(
                                    WHAT,
                                    "group threshold must be 1..=n, any or all",
                                ))?;
                            Threshold::AtLeast(k)
                        }
                    };
                    if nodes.len() - count_witnesses(&nodes) == MAX_POLICY_ITEMS {
                        return Err(LedgerError::malformed(WHAT, "too many groups"));
                    }
                    nodes.push(Node::Group {
                        name: (*name).to_owned(),
                        threshold,
                        members: ids,
                    });
                }
                "quorum" => {
                    if quorum.is_some() {
                        return Err(LedgerError::malformed(WHAT, "more than one quorum line"));
                    }
                    let [name] = args else {
                        return Err(LedgerError::malformed(WHAT, "quorum line needs one name"));
                    };
                    quorum = Some(if *name == "none" {
                        None
                    } else {
                        Some(lookup(&nodes, name).ok_or(LedgerError::malformed(
                            WHAT,
                            "quorum name not defined earlier",
                        ))?)
                    });
                }
                _ => return Err(LedgerError::malformed(WHAT, "unknown keyword")),
            }
        }
        let quorum = quorum.ok_or(LedgerError::malformed(WHAT, "missing quorum line"))?;
        Ok(Policy {
            logs,
            nodes,
            quorum,
        })
    }

    /// The trusted logs.
    pub fn logs(&self) -> &[PolicyLog] {
        &self.logs
    }

    /// The verifiers of trusted logs whose key name equals `origin`.
    pub fn log_verifiers_for_origin(&self, origin: &str) -> Vec<&Verifier> {
        self.logs
            .iter()
            .map(|l| &l.verifier)
            .filter(|v| v.name() == origin)
            .collect()
    }

    /// The witnesses as (policy name, cosignature verifier), in definition order.
    pub fn witnesses(&self) -> impl Iterator<Item = (&str, &CosignatureVerifier)> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Witness { name, verifier, .. } => Some((name.as_str(), &**verifier)),
            Node::Group { .. } => None,
        })
    }

    /// Whether the quorum is satisfied when exactly the witnesses named in
    /// `cosigned` (policy names) have valid cosignatures. Unknown names are ignored.
    pub fn quorum_satisfied<S: AsRef<str>>(&self, cosigned: &[S]) -> bool {
        let Some(q) = self.quorum else {
            return true;
        };
        let mut ok = vec![false; self.nodes.len()];
        for (i, node) in self.nodes.iter().enumerate() {
            ok[i] = match node {
                Node::Witness { name, .. } => cosigned.iter().any(|c| c.as_ref() == name),
                Node::Group {
                    threshold, members, ..
                } => {
                    let have = members.iter().filter(|&&m| ok[m]).count();
                    let need = match threshold {
                        Threshold::Any => 1,
                        Threshold::All => members.len(),
                        Threshold::AtLeast(k) => *k,
                    };
                    have >= need
                }
            };
        }
        ok[q]
    }
}

impl fmt::Display for Policy {
    /// Writes the policy in canonical form: logs, then witnesses and groups in
    /// definition order, then the quorum line. Parses back to an equal policy.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for log in &self.logs {
            write!(f, "log {}", log.verifier.vkey())?;
            if let Some(url) = &log.url {
                write!(f, " {url}")?;
            }
            writeln!(f)?;
        }
        for node in &self.nodes {
            match node {
                Node::Witness {
                    name,
                    verifier,
                    url,
                } => {
                    write!(f, "witness {name} {}", verifier.vkey())?;
                    if let Some(url) = url {
                        write!(f, " {url}")?;
                    }
                    writeln!(f)?;
                }
                Node::Group {
                    name,
                    threshold,
                    members,
                } => {
                    write!(f, "group {name} ")?;
                    match threshold {
                        Threshold::Any => write!(f, "any")?,
                        Threshold::All => write!(f, "all")?,
                        Threshold::AtLeast(k) => write!(f, "{k}")?,
                    }
                    for &m in members {
                        write!(f, " {}", self.nodes[m].name())?;
                    }
                    writeln!(f)?;
                }
            }
        }
        match self.quorum {
            None => writeln!(f, "quorum none"),
            Some(q) => writeln!(f, "quorum {}", self.nodes[q].name()),
        }
    }
}

fn lookup(nodes: &[Node], name: &str) -> Option<usize> {
    nodes.iter().position(|n| n.name() == name)
}

fn count_witnesses(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .filter(|n| matches!(n, Node::Witness { .. }))
        .count()
}

fn check_new_name(nodes: &[Node], name: &str) -> Result<(), LedgerError> {
    if name == "none" || name.starts_with('#') {
        return Err(LedgerError::malformed(WHAT, "reserved name"));
    }
    if lookup(nodes, name).is_some() {
        return Err(LedgerError::malformed(WHAT, "name defined twice"));
    }
    Ok(())
}
