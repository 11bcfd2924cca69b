//! In-memory token buckets keyed by device id or client address.
//!
//! Kept in memory on purpose: a restart forgives everyone, which is harmless, and a request
//! flood never costs a database write. Memory is bounded: see [`DEFAULT_CAPACITY`].

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

/// Buckets kept before the oldest are dropped (review L7). At about 100 bytes a bucket, 10 MB.
pub const DEFAULT_CAPACITY: usize = 100_000;

/// Token buckets for one kind of key, at most `capacity` of them.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    capacity: usize,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// A limiter with the given limit and [`DEFAULT_CAPACITY`].
    pub fn new(limit: RateLimit) -> Self {
        Self::with_capacity(limit, DEFAULT_CAPACITY)
    }

    /// A limiter keeping at most `capacity` buckets (at least 2).
    pub fn with_capacity(limit: RateLimit, capacity: usize) -> Self {
        Self { limit, capacity: capacity.max(2), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request from `key`'s bucket; `Err(seconds)` says when to retry.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= self.capacity && !buckets.contains_key(key) {
            self.evict_oldest_half(&mut buckets);
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

    /// Buckets held now.
    pub fn len(&self) -> usize {
        self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    /// True when no bucket is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops the least recently used half. One O(n) pass per `capacity / 2` new keys, so a
    /// flood of fresh keys costs O(1) per request on average and memory stays bounded. A key
    /// dropped while still limited is forgiven; the server-wide ceiling (state.rs) still holds
    /// whoever can afford that many addresses.
    fn evict_oldest_half(&self, buckets: &mut HashMap<String, Bucket>) {
        let mut ages: Vec<Instant> = buckets.values().map(|b| b.at).collect();
        let middle = ages.len() / 2;
        let (_, cutoff, _) = ages.select_nth_unstable(middle);
        let cutoff = *cutoff;
        buckets.retain(|_, b| b.at > cutoff);
        // Equal instants (a coarse clock) could keep everything: then start afresh.
        if buckets.len() >= self.capacity {
            buckets.clear();
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

    #[test]
    fn a_flood_of_fresh_keys_stays_within_capacity_and_keeps_recent_buckets() {
        let limiter = RateLimiter::with_capacity(RateLimit { burst: 1, per_minute: 1 }, 100);
        assert!(limiter.check("recent").is_ok());
        for i in 0..10_000 {
            assert!(limiter.check(&format!("fresh-{i}")).is_ok());
            assert!(limiter.len() <= 100);
            // A key in active use keeps its (empty) bucket through the evictions.
            if i % 10 == 0 {
                assert!(limiter.check("recent").is_err(), "at {i}");
            }
        }
    }

    #[test]
    fn a_flood_of_fresh_keys_costs_little_per_request() {
        let limiter = RateLimiter::new(RateLimit { burst: 5, per_minute: 5 });
        let started = Instant::now();
        for i in 0..300_000 {
            let _ = limiter.check(&format!("k{i}"));
        }
        let per_check = started.elapsed() / 300_000;
        println!("rate limiter: {per_check:?} per check over 300,000 fresh keys");
        assert!(limiter.len() <= DEFAULT_CAPACITY);
    }
}
