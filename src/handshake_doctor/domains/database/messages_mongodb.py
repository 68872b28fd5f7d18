"""What the MongoDB drivers print when a connection, its TLS or the handshake fails: the Node.js
driver (mongodb/node-mongodb-native at v6.21.0) and more of PyMongo (4.17.0) than the rows in
tool_messages.py. Rows are knowledge.inventory.ToolLine; tool_messages.INVENTORY takes them in.

- Node driver: src/sdam/topology.ts (MongoServerSelectionError 'Server selection timed out after
  N ms'; the error's message is the last server's error), src/cmap/connect.ts (the socket's
  error as MongoNetworkError with Node's own text - ``connect ECONNREFUSED``, the TLS verify
  texts; the connect/secureConnect timeouts; the wire-version check), src/cmap/connection.ts
  ('connection N to HOST closed' / 'timed out'), src/connection_string.ts (the mongodb+srv
  lookup through dns.resolveSrv, whose error Node words ``querySrv ENOTFOUND _mongodb._tcp.HOST``).
- PyMongo: pymongo/topology_description.py (wire version), pymongo/network_layer.py and
  pool_shared.py ('HOST:PORT: connection closed'), pymongo/asynchronous/srv_resolver.py (SRV
  errors re-raised as ConfigurationError with dnspython's text).
"""

from __future__ import annotations

from ...knowledge.inventory import ToolLine as L

NODE = "mongodb/node-mongodb-native {}@v6.21.0"
PYM = "mongodb/mongo-python-driver {}@4.17.0"
T = "MongoDB Node.js driver"
P = "pymongo"
V = "6.21.0"
SEL = "database.mongo_server_selection_timeout"
TLS = "database.mongo_tls_error"

ROWS: tuple[L, ...] = (
    # --- Node driver: server selection and the socket ---
    L(T, V, "MongoServerSelectionError: Server selection timed out after %d ms", "no server matched within serverSelectionTimeoutMS: the topology description after it holds each server's error", SEL, NODE.format("src/sdam/topology.ts selectServer()"), 0.85),
    L(T, V, "MongoServerSelectionError: connect ECONNREFUSED %s", "nothing listens on the MongoDB host and port (mongod down, another port, or bound to localhost only)", SEL, NODE.format("src/cmap/connect.ts makeSocket() (MongoNetworkError with Node's socket error)"), 0.92,
      "MongoServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017"),
    L(T, V, "MongoServerSelectionError: getaddrinfo ENOTFOUND %s", "the MongoDB host name does not resolve", "database.mongo_dns_failed", NODE.format("src/cmap/connect.ts makeSocket() (Node's getaddrinfo error)"), 0.9,
      "MongoServerSelectionError: getaddrinfo ENOTFOUND mongo.internal.example"),
    L(T, V, "MongoNetworkError: connect ETIMEDOUT %s", "the TCP connection to MongoDB did not complete (firewall, a cloud IP allow list, or the wrong address)", SEL, NODE.format("src/cmap/connect.ts makeSocket()"), 0.85,
      "MongoNetworkError: connect ETIMEDOUT 10.0.0.5:27017"),
    L(T, V, "Socket 'connect' timed out after %dms (connectTimeoutMS: %d)", "TCP to the MongoDB server did not complete within connectTimeoutMS (firewall, allow list, wrong address)", SEL, NODE.format("src/cmap/connect.ts makeSocket() (MongoNetworkTimeoutError)"), 0.85),
    L(T, V, "Socket 'secureConnect' timed out after %dms (connectTimeoutMS: %d)", "TCP connected but the TLS handshake did not finish: a server without TLS on that port (it waits for plaintext), or a proxy in between", TLS, NODE.format("src/cmap/connect.ts makeSocket() (MongoNetworkTimeoutError)"), 0.85),
    L(T, V, "Socket closed after %d during connection establishment", "the server closed the socket before the handshake finished: a TLS-only server met without tls=true, an address not on the server's allow list, or a proxy", "database.mongo_connection_closed", NODE.format("src/cmap/connect.ts makeSocket()"), 0.85),
    L(T, V, "MongoNetworkError: connection %d to %s closed", "the server closed an open connection: TLS required but not used, an IP allow list (Atlas), or the server restarted", "database.mongo_connection_closed", NODE.format("src/cmap/connection.ts onClose()"), 0.85,
      "MongoNetworkError: connection 3 to 10.0.0.5:27017 closed"),
    L(T, V, "MongoNetworkTimeoutError: connection %d to %s timed out", "an open connection got no answer within socketTimeoutMS (the server is overloaded, or the network drops packets)", SEL, NODE.format("src/cmap/connection.ts onTimeout()"), 0.8,
      "MongoNetworkTimeoutError: connection 5 to 10.0.0.5:27017 timed out"),
    # --- Node driver: mongodb+srv ---
    L(T, V, "querySrv ENOTFOUND _mongodb._tcp.%s", "the mongodb+srv host has no SRV record: a wrong cluster name, or a DNS server that does not answer SRV queries", "database.mongo_dns_failed", NODE.format("src/connection_string.ts resolveSRVRecord() (dns.promises.resolveSrv)"), 0.92,
      "Error: querySrv ENOTFOUND _mongodb._tcp.cluster0.abcde.mongodb.net"),
    L(T, V, "querySrv ECONNREFUSED _mongodb._tcp.%s", "the DNS server refused the SRV query for the mongodb+srv host (a resolver that does not serve SRV, or Node's resolver set-up)", "database.mongo_dns_failed", NODE.format("src/connection_string.ts resolveSRVRecord() (dns.promises.resolveSrv)"), 0.92,
      "Error: querySrv ECONNREFUSED _mongodb._tcp.cluster0.abcde.mongodb.net"),
    L(T, V, "querySrv ETIMEOUT _mongodb._tcp.%s", "the DNS server did not answer the SRV query for the mongodb+srv host", "database.mongo_dns_failed", NODE.format("src/connection_string.ts resolveSRVRecord() (dns.promises.resolveSrv)"), 0.9,
      "Error: querySrv ETIMEOUT _mongodb._tcp.cluster0.abcde.mongodb.net"),
    # --- Node driver: TLS (Node's own verify texts, carried as the selection error's message) ---
    L(T, V, "MongoServerSelectionError: self-signed certificate in certificate chain", "the server's chain ends in a CA the driver does not trust: give it tlsCAFile", TLS, NODE.format("src/cmap/connect.ts makeSocket() (Node tls error text)"), 0.92),
    L(T, V, "MongoServerSelectionError: unable to verify the first certificate", "the server sent its certificate without the intermediate, or its CA is not given to the driver", TLS, NODE.format("src/cmap/connect.ts makeSocket() (Node tls error text)"), 0.92),
    L(T, V, "MongoServerSelectionError: Hostname/IP does not match certificate's altnames: %s", "the host name in the connection string is not in the server certificate's names", TLS, NODE.format("src/cmap/connect.ts makeSocket() (Node tls.checkServerIdentity text)"), 0.92,
      "MongoServerSelectionError: Hostname/IP does not match certificate's altnames: Host: 10.0.0.5. is not in the cert's altnames: DNS:mongo.internal.example"),
    # --- Node driver: handshake ---
    L(T, V, "reports maximum wire version %s, but this version of the Node.js Driver requires at least %d (MongoDB %s)", "the server is older than this driver supports", "database.mongo_incompatible_server", NODE.format("src/cmap/connect.ts checkSupportedServer()"), 0.9,
      "MongoCompatibilityError: Server at db.example.com:27017 reports maximum wire version 6, but this version of the Node.js Driver requires at least 7 (MongoDB 4.0)"),
    L(T, V, "reports minimum wire version %s, but this version of the Node.js Driver requires at most %d (MongoDB %s)", "the server is newer than this driver supports: upgrade the driver", "database.mongo_incompatible_server", NODE.format("src/cmap/connect.ts checkSupportedServer()"), 0.9,
      "MongoCompatibilityError: Server at db.example.com:27017 reports minimum wire version 30, but this version of the Node.js Driver requires at most 25 (MongoDB 8.0)"),
    L(T, V, "MongoServerError: Authentication failed.", "the server rejected the credentials (code 18): wrong user/password or authSource", "database.mongo_auth_failed", NODE.format("src/error.ts MongoServerError (the server's errmsg)"), 0.9),
    # --- PyMongo ---
    L(P, "4.17.0", "Server at %s:%d reports wire version %d, but this version of PyMongo requires at least %d (MongoDB %s).", "the server is older than this PyMongo supports", "database.mongo_incompatible_server", PYM.format("pymongo/topology_description.py"), 0.92),
    L(P, "4.17.0", "Server at %s:%d requires wire version %d, but this version of PyMongo only supports up to %d.", "the server is newer than this PyMongo supports: upgrade pymongo", "database.mongo_incompatible_server", PYM.format("pymongo/topology_description.py"), 0.92),
    L(P, "4.17.0", "%s:%d: connection closed", "the server closed the connection during the handshake: a TLS-only server met without tls=true, an IP allow list, or a proxy", "database.mongo_connection_closed", PYM.format("pymongo/network_layer.py ('connection closed'), pool_shared.py _raise_connection_failure"), 0.85,
      "pymongo.errors.ServerSelectionTimeoutError: db.example.com:27017: connection closed (configured timeouts: socketTimeoutMS: 20000.0ms, connectTimeoutMS: 20000.0ms)"),
    L(P, "4.17.0", "The DNS query name does not exist: _mongodb._tcp.%s", "the mongodb+srv host has no SRV record (dnspython NXDOMAIN, raised as ConfigurationError)", "database.mongo_dns_failed", PYM.format("pymongo/asynchronous/srv_resolver.py, synchronous/srv_resolver.py"), 0.92,
      "pymongo.errors.ConfigurationError: The DNS query name does not exist: _mongodb._tcp.cluster0.abcde.mongodb.net."),
    L(P, "4.17.0", "Invalid SRV host: %s", "an SRV answer names a host outside the mongodb+srv host's domain", "database.mongo_dns_failed", PYM.format("pymongo/asynchronous/srv_resolver.py"), 0.85,
      "pymongo.errors.ConfigurationError: Invalid SRV host: evil.example.org"),
)
