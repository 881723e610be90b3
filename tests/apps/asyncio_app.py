"""An app written for Gradio's asyncio: every await is asyncio's, nothing names trio.

`pipeline` takes 10 s (times `scale`) when its sleeps are honoured: 1 + 3 (gather) + 1.5
(Queue) + 1 (wait_for's timeout) + 0.5 (Event) + 2 (to_thread) + 1 (run_in_executor), plus
whatever the HTTP request to `url` takes. `stream` yields once a second (times `scale`).
"""

import asyncio
import json
import time

import gradio as gr
import httpx


def blocking(seconds):
    time.sleep(seconds)
    return seconds


async def pipeline(url, scale):
    await asyncio.sleep(1 * scale)
    a, b = await asyncio.gather(asyncio.sleep(2 * scale, "a"), asyncio.sleep(3 * scale, "b"))
    queue = asyncio.Queue()

    async def produce():
        for i in range(3):
            await asyncio.sleep(0.5 * scale)
            await queue.put(i)

    producer = asyncio.create_task(produce())
    queued = [await queue.get() for _ in range(3)]
    await producer
    try:
        await asyncio.wait_for(asyncio.sleep(10 * scale), timeout=1 * scale)
        timed_out = False
    except TimeoutError:
        timed_out = True
    event = asyncio.Event()
    asyncio.get_running_loop().call_later(0.5 * scale, event.set)
    await event.wait()
    threaded = await asyncio.to_thread(blocking, 2 * scale)
    executed = await asyncio.get_running_loop().run_in_executor(None, blocking, 1 * scale)
    async with httpx.AsyncClient() as client:
        body = (await client.get(url, timeout=30)).text
    return json.dumps(
        {
            "gathered": a + b,
            "queued": queued,
            "timed_out": timed_out,
            "threads": [threaded / scale, executed / scale],
            "body": body,
        }
    )


async def stream(count, scale):
    tasks = set()
    for i in range(int(count)):
        await asyncio.sleep(1 * scale)
        tasks.add(id(asyncio.current_task()))  # every step runs in the same asyncio task
        yield f"{i} {len(tasks)}"


with gr.Blocks() as demo:
    url = gr.Textbox(label="url")
    report = gr.Textbox(label="report")
    count = gr.Number(value=3, label="count")
    scale = gr.Number(value=1, label="scale")
    streamed = gr.Textbox(label="streamed")
    run = gr.Button("run")
    run.click(pipeline, [url, scale], report, api_name="pipeline")
    go = gr.Button("stream")
    go.click(stream, [count, scale], streamed, api_name="stream")
