//! The example API server: `cargo run -p api-errors-tests --example server [ADDRESS]`.
//!
//! Listens on ADDRESS (default `127.0.0.1:3000`) and prints the address it got. Try
//! `curl -i http://127.0.0.1:3000/sessions/s1` for a 401 with the catalog's envelope.

use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = TcpListener::bind(&address).await?;
    println!("listening on http://{}", listener.local_addr()?);
    api_errors_tests::serve(listener).await
}
