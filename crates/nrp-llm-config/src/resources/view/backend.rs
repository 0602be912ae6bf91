//! Envoy Gateway Backend: its endpoints.

use super::{Node, items_of};
use serde_json::Value;

/// The `spec` of an Envoy Gateway Backend.
///
/// ```
/// use nrp_llm_config::resources::view::{BackendView, Endpoint, Node};
/// let spec = serde_json::json!({"endpoints": [{"fqdn": {"hostname": "h.svc", "port": 8000}}]});
/// let e: Vec<Endpoint> = BackendView::new(Some(Node::new(&spec))).endpoints().collect();
/// assert!(matches!(e[0], Endpoint::Fqdn { hostname: Some("h.svc"), .. }));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct BackendView<'a> {
    spec: Option<Node<'a>>,
}

/// One entry of a Backend's `endpoints`.
#[derive(Clone, Copy, Debug)]
pub enum Endpoint<'a> {
    /// `fqdn`: a host name and port.
    Fqdn {
        /// `hostname`.
        hostname: Option<&'a str>,
        /// `port`, as written.
        port: Option<&'a Value>,
    },
    /// `ip`: an address and port.
    Ip {
        /// `address`.
        address: Option<&'a str>,
        /// `port`, as written.
        port: Option<&'a Value>,
    },
    /// `unix`: a socket path.
    Unix {
        /// `path`.
        path: Option<&'a str>,
    },
    /// None of the above.
    Other,
}

impl<'a> BackendView<'a> {
    /// A view over a Backend's `spec` node.
    pub fn new(spec: Option<Node<'a>>) -> Self {
        BackendView { spec }
    }

    /// `spec.endpoints`, in order.
    pub fn endpoints(&self) -> impl Iterator<Item = Endpoint<'a>> + use<'a> {
        items_of(self.spec.and_then(|s| s.field("endpoints"))).map(|e| {
            let [fqdn, ip, unix] = e.fields(["fqdn", "ip", "unix"]);
            if let Some(f) = fqdn {
                Endpoint::Fqdn {
                    hostname: f.str_field("hostname"),
                    port: f.value().get("port"),
                }
            } else if let Some(i) = ip {
                Endpoint::Ip {
                    address: i.str_field("address"),
                    port: i.value().get("port"),
                }
            } else if let Some(u) = unix {
                Endpoint::Unix {
                    path: u.str_field("path"),
                }
            } else {
                Endpoint::Other
            }
        })
    }
}
