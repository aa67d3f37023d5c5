#!/usr/bin/env python3
# Synthesises the call chime: a soft two-tone "ding-dong" (E5 then C5),
# each tone a sine with two quiet overtones and a bell-like decay.
# Writes a 16-bit mono WAV; see README.md for the Ogg Vorbis encoding.
import math
import struct
import sys
import wave

RATE = 44100


def tone(freq, start, length, samples):
    for i in range(int(length * RATE)):
        t = i / RATE
        attack = min(1.0, t / 0.008)
        decay = math.exp(-3.2 * t)
        v = (math.sin(2 * math.pi * freq * t)
             + 0.25 * math.sin(2 * math.pi * 2 * freq * t) * math.exp(-4 * t)
             + 0.08 * math.sin(2 * math.pi * 3 * freq * t) * math.exp(-6 * t))
        samples[int(start * RATE) + i] += 0.38 * attack * decay * v


def main(path):
    total = 1.6
    samples = [0.0] * int(total * RATE)
    tone(659.25, 0.0, 1.0, samples)
    tone(523.25, 0.45, 1.15, samples)
    # Fade the last 50 ms so the file ends on silence.
    fade = int(0.05 * RATE)
    for i in range(fade):
        samples[-fade + i] *= 1 - i / fade
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(
            struct.pack("<h", max(-32767, min(32767, int(s * 32767))))
            for s in samples))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "chime.wav")
