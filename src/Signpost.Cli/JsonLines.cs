using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Signpost.Policy;

namespace Signpost.Cli;

/// <summary>
/// One verb's work on one input line (RULES.md, command-line contract): read a JSON object, write
/// one JSON object. Implementations parse the whole line before writing anything, so that a bad
/// line leaves nothing half-written; they must be thread-safe (lines are processed in parallel).
/// </summary>
internal interface IJsonLineVerb
{
    /// <summary>Writes the output object for <paramref name="line"/>; throws <see cref="JsonLineException"/> or <see cref="JsonException"/> for a bad line.</summary>
    void Process(ReadOnlySpan<byte> line, Utf8JsonWriter writer);
}

/// <summary>A line that is JSON but not a valid post or message; its message goes to the output line's "error".</summary>
public sealed class JsonLineException : Exception
{
    public JsonLineException()
    {
    }

    public JsonLineException(string message)
        : base(message)
    {
    }

    public JsonLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Streams JSON lines through a verb: reads a batch of lines at a time, processes batches in
/// parallel, and writes their output in input order, so that memory stays flat however long the
/// input is (a few batches are in flight at once, each a few hundred kilobytes).
/// </summary>
internal static class JsonLines
{
    /// <summary>Lines per batch: large enough to amortise a task hand-off, small enough to keep memory low.</summary>
    public const int BatchLines = 512;

    /// <summary>A line longer than this is reported as bad and skipped rather than buffered (a post is a few kilobytes).</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>
    /// The output never goes into HTML, so non-ASCII text (Welsh, emojis) and quotes are written
    /// as they are rather than as \u escapes: shorter, readable and faster.
    /// </summary>
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText s_line = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode("error");

    /// <summary>Runs <paramref name="verb"/> over every line; returns the number of bad lines.</summary>
    public static async Task<long> RunAsync(Stream input, TextWriter output, IJsonLineVerb verb, int threads, CancellationToken ct)
    {
        var reader = new JsonLinesReader(input);
        var spare = new Stack<LineBatch>();
        var inFlight = new Queue<(LineBatch Batch, Task Work)>();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(64 * 1024)];
        long bad = 0;

        async Task WriteAsync(LineBatch batch)
        {
            bad += batch.BadLines;
            var bytes = batch.Output.WrittenMemory;
            for (var offset = 0; offset < bytes.Length;)
            {
                // Batches end on a line boundary, so a chunk never splits a character across calls
                // when it is cut at a newline; cut at the last newline inside 64 KiB.
                var take = Math.Min(64 * 1024, bytes.Length - offset);
                if (offset + take < bytes.Length)
                {
                    take = bytes.Span.Slice(offset, take).LastIndexOf((byte)'\n') + 1;
                }

                var count = Encoding.UTF8.GetChars(bytes.Span.Slice(offset, take), chars);
                await output.WriteAsync(chars.AsMemory(0, count), ct);
                offset += take;
            }

            spare.Push(batch);
        }

        while (true)
        {
            var batch = spare.Count > 0 ? spare.Pop() : new LineBatch();
            if (!await reader.FillAsync(batch, BatchLines, ct))
            {
                break;
            }

            if (threads <= 1)
            {
                Process(batch, verb);
                await WriteAsync(batch);
                continue;
            }

            inFlight.Enqueue((batch, Task.Run(() => Process(batch, verb), ct)));
            if (inFlight.Count >= threads * 2)
            {
                var (done, work) = inFlight.Dequeue();
                await work;
                await WriteAsync(done);
            }
        }

        while (inFlight.Count > 0)
        {
            var (done, work) = inFlight.Dequeue();
            await work;
            await WriteAsync(done);
        }

        await output.FlushAsync(ct);
        return bad;
    }

    private static void Process(LineBatch batch, IJsonLineVerb verb)
    {
        var output = batch.Output;
        output.ResetWrittenCount();
        batch.BadLines = 0;
        var writer = batch.Writer ??= new Utf8JsonWriter(output, s_writerOptions);
        foreach (var line in batch.Lines)
        {
            var text = batch.Data.AsSpan(line.Start, line.Length);
            string? error = null;
            if (line.TooLong)
            {
                error = $"the line is longer than {MaxLineBytes / 1024 / 1024} MiB";
            }
            else if (text.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                // A blank line (often the last line of a file) is no post: skipped, not an error.
                continue;
            }
            else
            {
                try
                {
                    writer.Reset(output);
                    verb.Process(text, writer);
                    writer.Flush();
                }
                catch (JsonException e)
                {
                    error = DescribeJsonError(e);
                }
                catch (JsonLineException e)
                {
                    error = e.Message;
                }
                catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
                {
                    error = "the line is not valid UTF-8";
                }
            }

            if (error is not null)
            {
                batch.BadLines++;
                writer.Reset(output);
                writer.WriteStartObject();
                writer.WriteNumber(s_line, line.Number);
                writer.WriteString(s_error, error);
                writer.WriteEndObject();
                writer.Flush();
            }

            output.Write("\n"u8);
        }
    }

    private static string DescribeJsonError(JsonException e)
    {
        // The reader's message ends with " LineNumber: 0 | BytePositionInLine: 12."; the line
        // number is already in the output line, so only the column is kept.
        var message = e.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at >= 0)
        {
            message = message[..at];
        }

        return e.BytePositionInLine is { } column
            ? $"not valid JSON at column {column + 1}: {message.Trim()}"
            : $"not valid JSON: {message.Trim()}";
    }
}

/// <summary>Where one line sits in its batch's bytes, and its 1-based number in the input.</summary>
internal readonly record struct InputLine(long Number, int Start, int Length, bool TooLong);

/// <summary>A batch of input lines and the output written for them; reused from batch to batch.</summary>
internal sealed class LineBatch
{
    public byte[] Data { get; private set; } = new byte[128 * 1024];

    public int DataLength { get; private set; }

    public List<InputLine> Lines { get; } = new(JsonLines.BatchLines);

    public ArrayBufferWriter<byte> Output { get; } = new(128 * 1024);

    public Utf8JsonWriter? Writer { get; set; }

    public int BadLines { get; set; }

    public void Clear()
    {
        DataLength = 0;
        Lines.Clear();
    }

    public void Add(long number, ReadOnlySpan<byte> line, bool tooLong)
    {
        if (DataLength + line.Length > Data.Length)
        {
            var grown = new byte[Math.Max(Data.Length * 2, DataLength + line.Length)];
            Data.AsSpan(0, DataLength).CopyTo(grown);
            Data = grown;
        }

        line.CopyTo(Data.AsSpan(DataLength));
        Lines.Add(new InputLine(number, DataLength, line.Length, tooLong));
        DataLength += line.Length;
    }
}

/// <summary>
/// Splits a UTF-8 stream into lines (LF or CRLF, a leading byte-order mark ignored) without
/// holding more than one buffer of it; a line longer than <see cref="JsonLines.MaxLineBytes"/>
/// is dropped and reported as too long.
/// </summary>
internal sealed class JsonLinesReader(Stream stream)
{
    private byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;
    private long _lineNumber;
    private bool _eof;
    private bool _finished;
    private bool _checkedBom;
    private bool _skippingLongLine;

    /// <summary>Fills <paramref name="batch"/> with up to <paramref name="maxLines"/> lines; false when the input is exhausted.</summary>
    public async ValueTask<bool> FillAsync(LineBatch batch, int maxLines, CancellationToken ct)
    {
        batch.Clear();
        while (batch.Lines.Count < maxLines && !_finished)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            if (!_checkedBom && (pending.Length >= 3 || _eof))
            {
                _checkedBom = true;
                if (pending.StartsWith("\uFEFF"u8))
                {
                    _start += 3;
                    continue;
                }
            }

            var newline = _checkedBom ? pending.IndexOf((byte)'\n') : -1;
            if (newline >= 0)
            {
                Take(batch, pending[..newline]);
                _start += newline + 1;
                continue;
            }

            if (_eof)
            {
                if (pending.Length > 0 || _skippingLongLine)
                {
                    Take(batch, pending);
                }

                _start = _end;
                _finished = true;
                break;
            }

            if (pending.Length >= JsonLines.MaxLineBytes)
            {
                // Keep memory flat whatever the input: forget the line's start, report it once its end comes.
                _skippingLongLine = true;
                _start = _end = 0;
            }
            else if (_start > 0)
            {
                pending.CopyTo(_buffer);
                _end = pending.Length;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, JsonLines.MaxLineBytes + 1));
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0)
            {
                _eof = true;
            }
            else
            {
                _end += read;
            }
        }

        return batch.Lines.Count > 0;
    }

    private void Take(LineBatch batch, ReadOnlySpan<byte> line)
    {
        _lineNumber++;
        if (_skippingLongLine)
        {
            _skippingLongLine = false;
            batch.Add(_lineNumber, [], tooLong: true);
            return;
        }

        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        batch.Add(_lineNumber, line, tooLong: line.Length > JsonLines.MaxLineBytes);
    }
}

/// <summary>The reading helpers the verbs share: typed fields with the error a person can act on.</summary>
internal static class JsonLineFields
{
    /// <summary>RULES.md's platform names.</summary>
    public static NameTable<Platform> Platforms { get; } = new(
        ("facebook", Platform.Facebook), ("instagram", Platform.Instagram), ("x", Platform.X), ("linkedin", Platform.LinkedIn),
        ("youtube", Platform.YouTube), ("tiktok", Platform.TikTok), ("nextdoor", Platform.Nextdoor), ("threads", Platform.Threads),
        ("mastodon", Platform.Mastodon), ("bluesky", Platform.Bluesky));

    /// <summary>An "id" as given: a string or a number (echoed as it was), or null.</summary>
    public static JsonLineId ReadId(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => new JsonLineId(reader.GetString(), false),
        JsonTokenType.Number => new JsonLineId(Encoding.UTF8.GetString(reader.ValueSpan), true),
        JsonTokenType.Null => default,
        _ => throw new JsonLineException("\"id\" must be a string or a number"),
    };

    public static void WriteId(Utf8JsonWriter writer, JsonEncodedText name, JsonLineId id)
    {
        if (id.Value is null)
        {
            writer.WriteNull(name);
        }
        else if (id.IsNumber)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(id.Value, skipInputValidation: true);
        }
        else
        {
            writer.WriteString(name, id.Value);
        }
    }

    public static string ReadString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonLineException($"\"{field}\" must be a string");

    public static string? ReadOptionalString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, field);

    /// <summary>
    /// An ISO 8601 date and time. A time without an offset is read as UTC, so that the result does
    /// not depend on the machine's time zone; null when the value is null.
    /// </summary>
    public static DateTimeOffset? ReadInstant(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var local))
        {
            if (local.Kind == DateTimeKind.Unspecified)
            {
                return new DateTimeOffset(local, TimeSpan.Zero);
            }

            if (reader.TryGetDateTimeOffset(out var instant))
            {
                return instant;
            }
        }

        throw new JsonLineException($"\"{field}\" must be an ISO 8601 date and time, e.g. \"2026-11-24T19:30:00Z\"");
    }

    /// <summary>
    /// One of a fixed set of names (platforms, account kinds, media kinds): exact lower case as
    /// RULES.md writes them, or the same letters in any case.
    /// </summary>
    public static T ReadName<T>(ref Utf8JsonReader reader, string field, NameTable<T> names)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var (utf8, value) in names.Entries)
            {
                if (reader.ValueTextEquals(utf8))
                {
                    return value;
                }
            }

            var given = reader.GetString()!;
            foreach (var (utf8, value) in names.Entries)
            {
                if (string.Equals(Encoding.UTF8.GetString(utf8), given, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            throw new JsonLineException($"\"{field}\" \"{given}\" is not one of: {names.Allowed}");
        }

        throw new JsonLineException($"\"{field}\" must be one of: {names.Allowed}");
    }

    /// <summary>Moves to the first property of an object; throws when the value is not an object.</summary>
    public static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonLineException($"{what} must be a JSON object");
        }
    }

    /// <summary>After the line's object: nothing else may follow on the line.</summary>
    public static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonLineException("more than one JSON value on the line");
        }
    }
}

/// <summary>An input line's id, echoed in its output line.</summary>
internal readonly record struct JsonLineId(string? Value, bool IsNumber);

/// <summary>The allowed names of one field, as UTF-8 for matching without allocating, and as text for the error.</summary>
internal sealed class NameTable<T>
{
    public NameTable(params (string Name, T Value)[] entries)
    {
        Entries = [.. entries.Select(e => (Encoding.UTF8.GetBytes(e.Name), e.Value))];
        Allowed = string.Join(", ", entries.Select(e => e.Name));
    }

    public (byte[] Utf8, T Value)[] Entries { get; }

    public string Allowed { get; }
}
