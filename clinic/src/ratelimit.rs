//! In-memory token buckets keyed by device id or client address.
//!
//! Kept in memory on purpose: a restart forgives everyone, which is harmless, and a request
//! flood never costs a database write.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// How many requests a key may make: a burst, refilled at a steady rate.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    /// Requests allowed at once.
    pub burst: u32,
    /// Requests per minute after the burst.
    pub per_minute: u32,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets for one kind of key.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// A limiter with the given limit.
    pub fn new(limit: RateLimit) -> Self {
        Self { limit, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request from `key`'s bucket; `Err(seconds)` says when to retry.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > 100_000 {
            // Bound memory under a flood of distinct keys: drop buckets that are full again.
            let full_after = f64::from(self.limit.burst) / self.rate_per_sec();
            buckets.retain(|_, b| now.duration_since(b.at).as_secs_f64() < full_after);
        }
        let burst = f64::from(self.limit.burst);
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket { tokens: burst, at: now });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.rate_per_sec();
        bucket.tokens = (bucket.tokens + refill).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.rate_per_sec();
            Err(wait.ceil().max(1.0) as u64)
        }
    }

    fn rate_per_sec(&self) -> f64 {
        f64::from(self.limit.per_minute.max(1)) / 60.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refused() {
        let limiter = RateLimiter::new(RateLimit { burst: 3, per_minute: 1 });
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
        }
        assert!(limiter.check("a").is_err());
        // Another key has its own bucket.
        assert!(limiter.check("b").is_ok());
    }
}
